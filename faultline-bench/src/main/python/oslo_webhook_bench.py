#!/usr/bin/python3
"""Notification -> webhook latency through RabbitMQ, with notifications published by Debian's
oslo.messaging exactly as Nova publishes them (exchange nova, topic notifications, messagingv2).

Against running `faultline serve` nodes whose bus.url is the same RabbitMQ (--faultline takes
one URL or several, comma-separated: the nodes of a cluster): creates ALARMS event alarms in the
admin project (one per instance id, repeat_actions, webhook to a loopback receiver) through the
first node, or, with --seeded, uses alarms AlarmSeeder defined through the store (its webhook
must be http://127.0.0.1:HOOK_PORT/hook); publishes EVENTS compute.instance.update notifications
at RATE per second (0: as fast as oslo.messaging publishes), each matching one alarm, and prints
p50/p99/max of (webhook received - notification sent) in milliseconds, the events per second
from the first send to the last webhook, and the evaluations each node counted
(faultline_event_evaluations_total) during the run.
"""
import argparse
import concurrent.futures
import json
import threading
import time
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from oslo_config import cfg
import oslo_messaging

received = {}
lock = threading.Lock()


class Hook(BaseHTTPRequestHandler):
    def do_POST(self):
        now = time.time_ns()
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        traits = body["reason_data"]["event"]["traits"]
        if isinstance(traits, dict):
            n = int(traits["display_name"])
        else:  # Aodh's [name, type, value] triples
            n = int(next(t[-1] for t in traits if t[0] == "display_name"))
        with lock:
            received.setdefault(n, now)
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


def call(base, method, path, token=None, body=None):
    request = urllib.request.Request(base + path, method=method,
                                     data=None if body is None else json.dumps(body).encode())
    request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("X-Auth-Token", token)
    with urllib.request.urlopen(request, timeout=60) as response:
        return response.headers, json.loads(response.read() or b"null")


def evaluations(bases):
    counts = {}
    for base in bases:
        with urllib.request.urlopen(base + "/metrics", timeout=60) as response:
            for line in response.read().decode().splitlines():
                if line.startswith("faultline_event_evaluations_total"):
                    counts[base] = float(line.split()[-1])
    return counts


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--faultline", default="http://127.0.0.1:18080")
    parser.add_argument("--password", required=True)
    parser.add_argument("--amqp", default="rabbit://guest:guest@127.0.0.1:5672/")
    parser.add_argument("--alarms", type=int, default=10000)
    parser.add_argument("--events", type=int, default=1000)
    parser.add_argument("--rate", type=float, default=100)
    parser.add_argument("--seeded", action="store_true",
                        help="the alarms exist already (AlarmSeeder); create none")
    parser.add_argument("--hook-port", type=int, default=0)
    args = parser.parse_args()
    bases = args.faultline.split(",")
    args.faultline = bases[0]

    auth = {"auth": {"identity": {"methods": ["password"], "password": {"user": {
        "name": "admin", "domain": {"name": "Default"}, "password": args.password}}},
        "scope": {"project": {"name": "admin", "domain": {"id": "default"}}}}}
    headers, token_body = call(args.faultline, "POST", "/v3/auth/tokens", body=auth)
    token = headers["X-Subject-Token"]
    project = token_body["token"]["project"]["id"]

    ThreadingHTTPServer.request_queue_size = 1024
    hook = ThreadingHTTPServer(("127.0.0.1", args.hook_port), Hook)
    threading.Thread(target=hook.serve_forever, daemon=True).start()
    url = "http://127.0.0.1:%d/hook" % hook.server_address[1]

    def create(i):
        call(args.faultline, "POST", "/alarming/v2/alarms", token, {
            "name": "bench-%d" % i, "type": "event", "repeat_actions": True,
            "alarm_actions": [url], "resource_id": "bench-instance-%d" % i,
            "event_rule": {"event_type": "compute.instance.update", "query": [
                {"field": "traits.state", "op": "eq", "type": "string", "value": "error"}]}})

    if not args.seeded:
        began = time.monotonic()
        with concurrent.futures.ThreadPoolExecutor(8) as pool:
            list(pool.map(create, range(args.alarms)))
        print(json.dumps({"alarms": args.alarms,
                          "created_in_s": round(time.monotonic() - began, 1)}), flush=True)
    before = evaluations(bases)

    conf = cfg.ConfigOpts()
    conf([], project="faultline-bench")
    oslo_messaging.set_transport_defaults(control_exchange="nova")
    transport = oslo_messaging.get_notification_transport(conf, url=args.amqp)
    conf.set_override("amqp_durable_queues", True, group="oslo_messaging_rabbit")
    notifier = oslo_messaging.Notifier(transport, driver="messagingv2", topics=["notifications"],
                                       publisher_id="compute.bench-host")
    sent = {}
    interval = 1.0 / args.rate if args.rate > 0 else 0.0
    start = time.monotonic()
    for n in range(args.events):
        delay = start + n * interval - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        i = n % args.alarms
        sent[n] = time.time_ns()
        notifier.info({}, "compute.instance.update", {
            "tenant_id": project, "instance_id": "bench-instance-%d" % i,
            "display_name": str(n), "host": "bench-host", "state": "error",
            "old_state": "active"})
    deadline = time.monotonic() + 120 + args.events / 1000.0
    while time.monotonic() < deadline:
        with lock:
            if len(received) >= args.events:
                break
        time.sleep(0.1)
    after = evaluations(bases)
    transport.cleanup()
    hook.shutdown()
    latencies = sorted((received[n] - sent[n]) / 1e6 for n in sent if n in received)
    if not latencies:
        print(json.dumps({"error": "no webhook received"}))
        return 1

    def pct(p):
        return round(latencies[min(len(latencies) - 1, int(p / 100.0 * len(latencies)))], 2)
    with lock:
        last = max(received.values())
    seconds = (last - min(sent.values())) / 1e9
    print(json.dumps({"nodes": len(bases), "events": args.events, "webhooks": len(latencies),
                      "rate": args.rate, "p50_ms": pct(50), "p99_ms": pct(99),
                      "max_ms": round(latencies[-1], 2),
                      "events_per_s": round(len(latencies) / seconds, 1),
                      "evaluations": {base: after.get(base, 0) - before.get(base, 0)
                                      for base in bases}}),
          flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
