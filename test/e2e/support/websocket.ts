/**
 * A minimal RFC 6455 server side for tests: the handshake, text frames out, masked client frames
 * in (text, ping, close). Enough to stand in for the Worker's GET /v1/connect.
 */
import { createHash } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";

const GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

export interface TestSocket {
  url: URL;
  /** Text frames received from the browser, parsed as JSON. */
  received: unknown[];
  send(data: unknown): void;
  close(): void;
  closed: boolean;
}

function frame(opcode: number, payload: Buffer): Buffer {
  const len = payload.length;
  const head = len < 126 ? Buffer.from([0x80 | opcode, len]) : len < 65536 ? Buffer.from([0x80 | opcode, 126, len >> 8, len & 255]) : Buffer.alloc(10);
  if (len >= 65536) {
    head[0] = 0x80 | opcode;
    head[1] = 127;
    head.writeBigUInt64BE(BigInt(len), 2);
  }
  return Buffer.concat([head, payload]);
}

/** Completes the upgrade of `req` and returns the socket. */
export function accept(req: IncomingMessage, socket: Duplex, origin: string): TestSocket {
  const key = req.headers["sec-websocket-key"] ?? "";
  const acceptKey = createHash("sha1").update(key + GUID).digest("base64");
  socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${acceptKey}\r\n\r\n`);
  let buf = Buffer.alloc(0);
  const ts: TestSocket = {
    url: new URL(req.url ?? "/", origin),
    received: [],
    closed: false,
    send: (data) => void (!ts.closed && socket.write(frame(1, Buffer.from(JSON.stringify(data))))),
    close: () => {
      if (ts.closed) return;
      ts.closed = true;
      socket.end(frame(8, Buffer.alloc(0)));
    },
  };
  socket.on("data", (chunk: Buffer) => {
    buf = Buffer.concat([buf, chunk]);
    for (;;) {
      if (buf.length < 2) return;
      const opcode = buf[0]! & 15;
      let len = buf[1]! & 127;
      let off = 2;
      if (len == 126) (len = buf.readUInt16BE(2)), (off = 4);
      else if (len == 127) (len = Number(buf.readBigUInt64BE(2))), (off = 10);
      if (buf.length < off + 4 + len) return;
      const mask = buf.subarray(off, off + 4);
      const data = Buffer.from(buf.subarray(off + 4, off + 4 + len).map((b, i) => b ^ mask[i % 4]!));
      buf = buf.subarray(off + 4 + len);
      if (opcode == 1) ts.received.push(JSON.parse(data.toString()));
      else if (opcode == 9) socket.write(frame(10, data));
      else if (opcode == 8) ts.close();
    }
  });
  socket.on("close", () => (ts.closed = true));
  socket.on("error", () => (ts.closed = true));
  return ts;
}
