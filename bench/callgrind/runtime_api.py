"""A runtime API that serves one DIS event N times, for counting a function's instructions.

    python3 bench/callgrind/runtime_api.py N COMMAND...

Starts COMMAND with RUNTIME_API_ADDR pointing at a loopback listener, answers its GETs with the
suite's S event (4 short records) and its POSTs with 200 over one keep-alive connection, and
after N invocations sends SIGTERM while the function waits on its next GET (fg exits 0 then).
Only COMMAND is measured (bench/count-dis.sh runs it under callgrind); this script's own speed
does not enter the count.
"""

import base64
import json
import os
import signal
import socket
import subprocess
import sys


def event() -> bytes:
    records = [
        {
            "sequence_number": str(i),
            "data": base64.b64encode(text.encode()).decode(),
            "partition_key": "p",
            "timestamp": 1700000000000 + i,
            "timestamp_type": "CreateTime",
        }
        for i, text in enumerate(["record-0", "record-01", "record-012", "record-0123"])
    ]
    return json.dumps(
        {
            "ShardID": "shardId-0000000000",
            "StreamName": "bench",
            "Message": {"next_partition_cursor": "c", "records": records, "millisBehindLatest": "0"},
            "Tag": "latest",
            "StreamId": "x",
            "CreateTime": 1700000000000,
        }
    ).encode()


def read_message(reader) -> None:
    """Reads one request (head and Content-Length body) and drops it."""
    length = 0
    while True:
        line = reader.readline()
        if not line:
            raise SystemExit("the function closed the connection")
        if line in (b"\r\n", b"\n"):
            break
        name, _, value = line.decode("latin-1").partition(":")
        if name.strip().lower() == "content-length":
            length = int(value)
    if length:
        reader.read(length)


def main() -> None:
    count, command = int(sys.argv[1]), sys.argv[2:]
    body = event()
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    env = dict(os.environ, RUNTIME_API_ADDR="127.0.0.1:%d" % listener.getsockname()[1])
    function = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL)
    connection, _ = listener.accept()
    connection.settimeout(60)
    reader = connection.makefile("rb")
    for n in range(count):
        read_message(reader)  # GET .../invocation/request
        head = (
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n"
            "X-Cff-Request-Id: req-%012d\r\n\r\n" % (len(body), n)
        )
        connection.sendall(head.encode() + body)
        read_message(reader)  # POST .../response
        connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")
    read_message(reader)  # the next GET: the function is idle
    function.send_signal(signal.SIGTERM)
    sys.exit(function.wait())


if __name__ == "__main__":
    main()
