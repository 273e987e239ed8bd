import type { IncomingMessage } from "node:http";

export type BodyResult = { kind: "ok"; text: string } | { kind: "too-large" };

/**
 * Reads a request body up to `limit` bytes. A larger body is drained (up to 16 times the limit, so the
 * client reads the 413 instead of a reset connection) and reported as too large.
 */
export function readBody(request: IncomingMessage, limit: number): Promise<BodyResult> {
  const declared = Number(request.headers["content-length"] ?? Number.NaN);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = Number.isFinite(declared) && declared > limit;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) tooLarge = true;
      if (tooLarge) {
        chunks.length = 0;
        if (size > limit * 16) {
          resolve({ kind: "too-large" });
          request.destroy();
        }
        return;
      }
      chunks.push(chunk);
    });
    request.on("end", () =>
      resolve(
        tooLarge ? { kind: "too-large" } : { kind: "ok", text: Buffer.concat(chunks).toString("utf8") },
      ),
    );
    request.on("error", reject);
    // A client that hangs up mid-body never sends "end"; settling here lets the handler finish.
    request.on("close", () => reject(new Error("the client closed the connection before the body ended")));
  });
}
