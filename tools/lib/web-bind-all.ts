import { blankStrings, matchCode, type SourceText } from "./source-text.js";

/** Cheap pre-check: text that could hold an every-interface address (comments included). */
export const BIND_ALL_CANDIDATE =
  /0\.0\.0\.0|["'`](?:::|\[::\])|\[\s*0\s*,\s*0\s*,\s*0\s*,\s*0\s*\]|\bIpv[46]Addr::UNSPECIFIED\b|":(?:\d+"|"\s*\+)|\bbind\s*\(\s*\(\s*(["'])\1/;

// The literal only says "every interface"; what makes it a bind is where it stands, so each rule
// below reads the code before it on the line. A comparison, a lookup table or a list of addresses
// mentions 0.0.0.0 without binding to it.
const ANY_ADDRESS =
  /(["'`])(?:0\.0\.0\.0|::|\[::\])(?::(?:\d+|\{[^}]*\}|\$\{[^}]*\}))?\1|\bIpv[46]Addr::UNSPECIFIED\b|\[\s*0\s*,\s*0\s*,\s*0\s*,\s*0\s*\]/g;
/** Go: an address with only a port binds every interface. */
const GO_PORT_ONLY =
  /\b(?:ListenAndServe(?:TLS)?|\w+\.(?:Run|RunTLS|Start|StartTLS|Listen))\s*\(\s*":(?:\d+"|"\s*\+)|\bnet\.Listen\s*\(\s*"tcp[46]?"\s*,\s*":(?:\d+"|"\s*\+)/g;
/** Python: `sock.bind(("", 8080))` binds every interface. */
const EMPTY_HOST_BIND = /\.bind\s*\(\s*\(\s*(["'])\1\s*,/g;
/** A command line inside a string: `uvicorn app:app --host 0.0.0.0`, `gunicorn -b 0.0.0.0:8000`. */
const FLAG_IN_STRING =
  /--(?:host|bind|listen)[= ](?:0\.0\.0\.0|::|\[::\])(?![\w.])|(?:^|[\s"'`])-[bH]\s+0\.0\.0\.0(?![\w.])/g;

const COMPARISON_BEFORE = /(?:[=!]==?|<=?|>=?|\bin|\bnot|\bis|\bcase)\s*[([{]?\s*$/;
const COMPARISON_AFTER = /^\s*(?:[=!]==?|\bin\b)/;
const BIND_CALL =
  /\b(?:listen|bind|bind_rustls|bind_openssl|serve|run|run_app|run_simple|make_server|create_server|start_server|HTTPServer|ThreadingHTTPServer|TCPServer|ListenAndServe\w*|SocketAddr(?:V[46])?::(?:from|new))\s*\(\s*(?:[&(]\s*|format!\s*\(\s*|IpAddr::V[46]\s*\(\s*)*(?:[^()]*,\s*)?$/;
// A name that holds a listen address, assigned (or defaulted) just before the literal. Names of the
// other end of a connection (source, client, remote…) are not listen addresses.
const BIND_NAME = new RegExp(
  String.raw`(?:^|\W)(?!(?:source|src|client|remote|peer|target|dest|destination|advertise|public|external|proxy|upstream)_?)` +
    String.raw`[A-Za-z_]*(?:host|hostname|bind|listen|addr|address|interface|(?:host|bind|listen|server)_?ip)["'\x60]?\s*` +
    String.raw`(?::\s*[\w.:<>[\]|, ]+?\s*)?(?::=|=(?![=>])|:)\s*` +
    String.raw`(?:[^=;]*?(?:\|\||\?\?|\?|\bor|\belse|\bdefault\s*[=:(]|\bField\s*\())?\s*$`,
  "i",
);
const ENV_NAME = "\\w*(?:HOST|ADDR|BIND|LISTEN|INTERFACE)\\w*";
const ENV_DEFAULT = [
  new RegExp(
    String.raw`\b(?:getenv|Getenv|environ\.get|env\.get|\.get)\s*\(\s*["'\x60]${ENV_NAME}["'\x60]\s*,\s*(?:default\s*=\s*)?$`,
    "i",
  ),
  new RegExp(
    String.raw`\bprocess\.env(?:\.${ENV_NAME}|\[["'\x60]${ENV_NAME}["'\x60]\])\s*(?:\|\||\?\?)\s*$`,
    "i",
  ),
  new RegExp(
    String.raw`["'\x60]${ENV_NAME}["'\x60]\s*\)\s*(?:\.ok\(\)\s*)?(?:\.unwrap_or(?:_else)?\s*\(\s*(?:\|[^|]*\|\s*)?|or\s*)$`,
    "i",
  ),
];
const FLAG_BEFORE =
  /["'`](?:--(?:host|bind|listen|addr|address)|-[bH])["'`]\s*,\s*(?:.*\bdefault\s*[=:]\s*)?$/;

/** Lines of the file that bind a server to every interface (0.0.0.0, ::, an empty host). */
export function bindAllLines(source: SourceText): number[] {
  const lines = new Set<number>();
  for (const hit of matchCode(source, ANY_ADDRESS, { startInCode: true })) {
    const code = source.code[hit.line - 1] ?? "";
    const before = code.slice(0, hit.column - 1);
    const after = code.slice(hit.column - 1 + hit.match[0].length);
    if (COMPARISON_BEFORE.test(blankStrings(before)) || COMPARISON_AFTER.test(after)) continue;
    const bound =
      BIND_CALL.test(before) ||
      BIND_NAME.test(before) ||
      FLAG_BEFORE.test(before) ||
      ENV_DEFAULT.some((pattern) => pattern.test(before));
    if (bound) lines.add(hit.line);
  }
  for (const pattern of [GO_PORT_ONLY, EMPTY_HOST_BIND])
    for (const hit of matchCode(source, pattern, { startInCode: true })) lines.add(hit.line);
  for (const hit of matchCode(source, FLAG_IN_STRING)) lines.add(hit.line);
  return [...lines].sort((a, b) => a - b);
}

// `address: "0.0.0.0:8686"`, `listen: 0.0.0.0`, `bind_address: "::"` in deployment YAML (Vector's API,
// Envoy listeners, Prometheus exporters). A list item or flow value is an address list, not a listener.
const CONFIG_BIND_ALL =
  /^\s*["']?[\w.-]*(?:address|addr|listen|bind|host)["']?\s*:\s*(["']?)(?:0\.0\.0\.0|::|\[::\])(?::\d+)?\1\s*$/i;

/** Lines of a deployment YAML file whose listen-address key is every interface. */
export function configBindAllLines(source: SourceText): number[] {
  const lines: number[] = [];
  source.code.forEach((code, index) => {
    if (CONFIG_BIND_ALL.test(code)) lines.push(index + 1);
  });
  return lines;
}
