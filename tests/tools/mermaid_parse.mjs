// Parse Mermaid diagrams with Mermaid's own parser (mermaid.parse), under Node, with jsdom
// standing in for the browser DOM that Mermaid expects.
//
//   node mermaid_parse.mjs MODULES_DIR
//
// MODULES_DIR holds node_modules/mermaid and node_modules/jsdom (.ci/run installs them).
// Reads one JSON string (a diagram) per line on standard input and answers each with one
// JSON line: {"ok": true, "type": "flowchart-v2"} or {"ok": false, "error": "..."}.
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { createInterface } from "node:readline";
import path from "node:path";

const require = createRequire(path.join(path.resolve(process.argv[2]), "package.json"));
const { JSDOM } = require(require.resolve("jsdom"));
const dom = new JSDOM("<!doctype html><html><body></body></html>");
globalThis.window = dom.window;
globalThis.document = dom.window.document;
const { default: mermaid } = await import(pathToFileURL(require.resolve("mermaid")).href);
mermaid.initialize({ startOnLoad: false });

process.stdout.write(JSON.stringify({ ready: true, version: require("mermaid/package.json").version }) + "\n");
for await (const line of createInterface({ input: process.stdin })) {
  if (!line.trim()) continue;
  let answer;
  try {
    const parsed = await mermaid.parse(JSON.parse(line));
    answer = { ok: true, type: parsed.diagramType };
  } catch (err) {
    answer = { ok: false, error: String(err && err.message ? err.message : err) };
  }
  process.stdout.write(JSON.stringify(answer) + "\n");
}
