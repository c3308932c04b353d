import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkWebBuild } from '../../src/web/check-web-build.ts';

let web: string;
let lines: { level: number; msg: string }[];
const logger = () => pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line)) });

beforeEach(() => {
  web = mkdtempSync(join(tmpdir(), 'paylens-web-'));
  lines = [];
});
afterEach(() => rmSync(web, { recursive: true, force: true }));

describe('checkWebBuild', () => {
  it('warns once, with the command that fixes it, when the web app is not built', () => {
    checkWebBuild(join(web, 'dist'), logger());
    expect(lines).toHaveLength(1);
    expect(lines[0]?.level).toBe(40);
    expect(lines[0]?.msg).toContain('`npm run build:web`');
  });

  it('says nothing when the built app is there', () => {
    mkdirSync(join(web, 'dist'));
    writeFileSync(join(web, 'dist', 'index.html'), '<!doctype html>');
    checkWebBuild(join(web, 'dist'), logger());
    expect(lines).toEqual([]);
  });
});
