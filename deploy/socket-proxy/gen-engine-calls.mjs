#!/usr/bin/env node
// Writes deploy/socket-proxy/engine-calls.json from lib/docker/engine-calls.ts, so the proxy (plain
// Node, no TypeScript) allows exactly the calls Opsdeck's engine client may send. Run after editing
// ENGINE_CALLS: `node deploy/socket-proxy/gen-engine-calls.mjs`. lib/docker/engine-calls-json.test.ts
// fails while the JSON is stale.
import fs from 'node:fs';
import { createJiti } from 'jiti';

const jiti = createJiti(import.meta.url);
const { engineCallsJson } = await jiti.import('../../lib/docker/engine-calls.ts');
const out = new URL('./engine-calls.json', import.meta.url);
const data = engineCallsJson();
fs.writeFileSync(out, `${JSON.stringify(data, null, 2)}\n`);
console.log(`wrote ${out.pathname} (${data.calls.length} calls)`);
