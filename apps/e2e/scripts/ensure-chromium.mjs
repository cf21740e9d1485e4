#!/usr/bin/env node
// Makes sure the Chromium the browser suites drive is installed: Debian's package, never a Playwright download.
// CHROMIUM_PATH overrides the default /usr/bin/chromium. As root, installs it with apt-get; otherwise prints the command.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (existsSync(path)) process.exit(0);

const command = 'apt-get update && apt-get install -y chromium';
if (process.env.CHROMIUM_PATH) {
  console.error(`CHROMIUM_PATH=${path} does not exist. Point it at a Chromium binary, or unset it and run: sudo sh -c '${command}'`);
  process.exit(1);
}
if (process.getuid?.() !== 0) {
  console.error(`Chromium is missing at ${path}. The browser suites use Debian's Chromium; install it with:\n  sudo sh -c '${command}'`);
  process.exit(1);
}
console.log(`Chromium is missing at ${path}; installing it: ${command}`);
try {
  execFileSync('apt-get', ['update'], { stdio: 'inherit' });
  execFileSync('apt-get', ['install', '-y', 'chromium'], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
} catch {
  console.error(`Installing Chromium failed. Run it yourself: ${command}`);
  process.exit(1);
}
if (!existsSync(path)) {
  console.error(`apt-get finished but ${path} is still missing.`);
  process.exit(1);
}
