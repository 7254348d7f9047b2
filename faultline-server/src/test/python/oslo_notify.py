#!/usr/bin/python3
"""Publishes notifications with oslo.messaging, exactly as an OpenStack service does.

Nova sets control_exchange 'nova', the messagingv2 driver and topic 'notifications'; this script
does the same and sends COUNT notifications of EVENT_TYPE whose payload is PAYLOAD (JSON) with
'{n}' in any string replaced by the notification's number (0..COUNT-1). With --rate it paces them.
"""
import argparse
import json
import sys
import time

from oslo_config import cfg
import oslo_messaging


def substitute(value, n):
    if isinstance(value, str):
        return value.replace("{n}", str(n))
    if isinstance(value, dict):
        return {k: substitute(v, n) for k, v in value.items()}
    if isinstance(value, list):
        return [substitute(v, n) for v in value]
    return value


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--exchange", default="nova")
    parser.add_argument("--topic", default="notifications")
    parser.add_argument("--publisher", default="compute.host1")
    parser.add_argument("--event-type", required=True)
    parser.add_argument("--priority", default="info")
    parser.add_argument("--payload", required=True)
    parser.add_argument("--count", type=int, default=1)
    parser.add_argument("--start", type=int, default=0)
    parser.add_argument("--rate", type=float, default=0.0, help="notifications per second, 0: flat out")
    parser.add_argument("--timestamps", action="store_true", help="print each send time (epoch ns)")
    args = parser.parse_args()

    conf = cfg.ConfigOpts()
    conf([], project="faultline-interop")
    oslo_messaging.set_transport_defaults(control_exchange=args.exchange)
    transport = oslo_messaging.get_notification_transport(conf, url=args.url)
    conf.set_override("amqp_durable_queues", True, group="oslo_messaging_rabbit")
    notifier = oslo_messaging.Notifier(
        transport, driver="messagingv2", topics=[args.topic], publisher_id=args.publisher
    )
    template = json.loads(args.payload)
    send = getattr(notifier, args.priority)
    interval = 1.0 / args.rate if args.rate > 0 else 0.0
    began = time.monotonic()
    for i in range(args.start, args.start + args.count):
        if interval:
            delay = began + (i - args.start) * interval - time.monotonic()
            if delay > 0:
                time.sleep(delay)
        if args.timestamps:
            print(json.dumps({"n": i, "sent_ns": time.time_ns()}), flush=True)
        send({}, args.event_type, substitute(template, i))
    transport.cleanup()
    print(json.dumps({"sent": args.count, "seconds": time.monotonic() - began}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
