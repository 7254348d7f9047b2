#!/usr/bin/python3
"""An oslo.messaging notification listener, as Aodh, Ceilometer or a VNF manager runs one.

Listens on EXCHANGE, topic TOPIC (every priority), in pool POOL (its own queue), prints 'READY'
once consuming, then one JSON line per notification: publisher_id, event_type, priority, payload,
metadata. Exits after --max notifications or --timeout seconds.
"""
import argparse
import json
import sys
import threading

from oslo_config import cfg
import oslo_messaging


class Endpoint:
    def __init__(self, done, limit):
        self.done = done
        self.limit = limit
        self.count = 0

    def _print(self, priority, publisher_id, event_type, payload, metadata):
        print(json.dumps({"priority": priority, "publisher_id": publisher_id,
                          "event_type": event_type, "payload": payload,
                          "metadata": metadata}, default=str), flush=True)
        self.count += 1
        if self.count >= self.limit:
            self.done.set()

    def info(self, ctxt, publisher_id, event_type, payload, metadata):
        self._print("info", publisher_id, event_type, payload, metadata)

    def error(self, ctxt, publisher_id, event_type, payload, metadata):
        self._print("error", publisher_id, event_type, payload, metadata)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--exchange", default="nova")
    parser.add_argument("--topic", default="notifications")
    parser.add_argument("--pool", required=True)
    parser.add_argument("--max", type=int, default=1000000)
    parser.add_argument("--timeout", type=float, default=120)
    args = parser.parse_args()

    conf = cfg.ConfigOpts()
    conf([], project="faultline-interop")
    transport = oslo_messaging.get_notification_transport(conf, url=args.url)
    conf.set_override("amqp_durable_queues", True, group="oslo_messaging_rabbit")
    done = threading.Event()
    listener = oslo_messaging.get_notification_listener(
        transport,
        [oslo_messaging.Target(topic=args.topic, exchange=args.exchange)],
        [Endpoint(done, args.max)],
        executor="threading",
        pool=args.pool,
    )
    listener.start()
    print("READY", flush=True)
    done.wait(args.timeout)
    listener.stop()
    listener.wait()
    transport.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
