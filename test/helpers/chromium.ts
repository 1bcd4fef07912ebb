import { execFileSync } from 'child_process';
import { Browser, chromium } from 'playwright-core';

/**
 * A headless Chromium from package.json, so a fresh clone needs nothing installed by hand: CHROMIUM_PATH when
 * set, else the binary that @sparticuz/chromium ships inside its npm package (unpacked on first use). The
 * package is an ES module, which jest's CommonJS runtime cannot load, so a short Node process asks it.
 */
export function chromiumPath(): string {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  const script = "import('@sparticuz/chromium').then(async (m) => process.stdout.write(await m.default.executablePath()))";
  return execFileSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 60_000 }).trim();
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    // What this closed machine needs: no sandbox as root, and no background calls to Google's hosts.
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
