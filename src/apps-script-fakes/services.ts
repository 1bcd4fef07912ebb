/** PropertiesService, LockService, Utilities (sleep on a fake clock, gzip, base64, blobs) as Apps Script has them. */
import { gunzipSync, gzipSync } from 'zlib';
import { AppsScriptException, Mirror } from './mirror';

/** Apps Script's limits: 9 KB per value, 500 KB per property store. */
const MAX_PROPERTY_VALUE_BYTES = 9 * 1024;
const MAX_PROPERTY_STORE_BYTES = 500 * 1024;

type PropertyMethods = 'getProperty' | 'setProperty' | 'deleteProperty' | 'getProperties' | 'setProperties' | 'getKeys';

export class FakeProperties implements Mirror<GoogleAppsScript.Properties.Properties, PropertyMethods> {
  constructor(readonly data: Record<string, string> = {}) {}

  private storeBytes(): number {
    return Object.entries(this.data).reduce((n, [k, v]) => n + Buffer.byteLength(k) + Buffer.byteLength(v), 0);
  }

  getProperty(key: string) {
    return Object.prototype.hasOwnProperty.call(this.data, key) ? this.data[key] : null;
  }
  setProperty(key: string, value: string) {
    const text = String(value);
    if (Buffer.byteLength(text) > MAX_PROPERTY_VALUE_BYTES) throw new AppsScriptException('Argument too large: value');
    const old = this.getProperty(key);
    const growth = Buffer.byteLength(key) + Buffer.byteLength(text) - (old === null ? 0 : Buffer.byteLength(key) + Buffer.byteLength(old));
    if (this.storeBytes() + growth > MAX_PROPERTY_STORE_BYTES) {
      throw new AppsScriptException('You have exceeded the property storage quota. Please remove some properties and try again.');
    }
    this.data[key] = text;
    return this;
  }
  deleteProperty(key: string) {
    delete this.data[key];
    return this;
  }
  getProperties() {
    return { ...this.data };
  }
  setProperties(properties: Record<string, string>) {
    Object.entries(properties).forEach(([k, v]) => this.setProperty(k, v));
    return this;
  }
  getKeys() {
    return Object.keys(this.data);
  }
}

/** One document lock, shared by every execution that uses the same FakeLockState. */
export class FakeLockState {
  held = false;
  tryLockTimeouts: number[] = [];
  lock(): Mirror<GoogleAppsScript.Lock.Lock, 'tryLock' | 'releaseLock' | 'hasLock'> {
    return {
      tryLock: (timeoutInMillis: number) => {
        this.tryLockTimeouts.push(timeoutInMillis);
        if (this.held) return false;
        this.held = true;
        return true;
      },
      releaseLock: () => {
        this.held = false;
      },
      hasLock: () => this.held,
    };
  }
}

export class FakeClock {
  now = Date.UTC(2026, 0, 1, 12, 0, 0);
  sleeps: number[] = [];
  sleep(ms: number) {
    this.sleeps.push(ms);
    this.now += ms;
  }
}

/** Apps Script hands bytes to scripts as Java bytes: numbers from -128 to 127. */
function toScriptBytes(buffer: Buffer): number[] {
  return Array.from(buffer, (b) => (b > 127 ? b - 256 : b));
}

function fromScriptBytes(bytes: readonly number[]): Buffer {
  if (!Array.isArray(bytes)) throw new AppsScriptException("The parameters (String) don't match the method signature.");
  return Buffer.from(bytes.map((b) => b & 0xff));
}

class FakeBlob implements Mirror<GoogleAppsScript.Base.Blob, 'getBytes' | 'getDataAsString' | 'getContentType' | 'getName'> {
  constructor(
    readonly data: Buffer,
    readonly contentType: string | null = null,
    readonly name: string | null = null,
  ) {}
  getBytes() {
    return toScriptBytes(this.data);
  }
  getDataAsString(charset = 'UTF-8') {
    if (charset.toUpperCase() !== 'UTF-8') throw new AppsScriptException(`fake Blob: charset ${charset} is not modelled`);
    return this.data.toString('utf8');
  }
  getContentType() {
    return this.contentType;
  }
  getName() {
    return this.name;
  }
}

/** The blobs a script passes back are the ones this fake made. */
function ownBlob(blob: GoogleAppsScript.Base.BlobSource): FakeBlob {
  if (!(blob instanceof FakeBlob)) throw new AppsScriptException('fake Utilities: not a blob made by the fakes');
  return blob;
}

type UtilitiesMethods = 'sleep' | 'newBlob' | 'gzip' | 'ungzip' | 'base64Encode' | 'base64Decode';

export function fakeUtilities(clock: FakeClock): Mirror<GoogleAppsScript.Utilities.Utilities, UtilitiesMethods> {
  return {
    sleep: (milliseconds: number) => clock.sleep(milliseconds),
    newBlob: (data: string | number[], contentType?: string, name?: string) =>
      new FakeBlob(typeof data === 'string' ? Buffer.from(data, 'utf8') : fromScriptBytes(data), contentType ?? null, name ?? null),
    gzip: (blob: GoogleAppsScript.Base.BlobSource, name?: string) => {
      const source = ownBlob(blob);
      return new FakeBlob(gzipSync(source.data), 'application/x-gzip', name ?? `${source.name ?? 'archive'}.gz`);
    },
    ungzip: (blob: GoogleAppsScript.Base.BlobSource) => {
      try {
        return new FakeBlob(gunzipSync(ownBlob(blob).data));
      } catch {
        throw new AppsScriptException('Could not decompress gzip.');
      }
    },
    base64Encode: (data: string | number[]) =>
      (typeof data === 'string' ? Buffer.from(data, 'utf8') : fromScriptBytes(data)).toString('base64'),
    base64Decode: (encoded: string) => {
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(encoded)) throw new AppsScriptException('Could not decode string.');
      return toScriptBytes(Buffer.from(encoded, 'base64'));
    },
  };
}

/** The add-on's backup compression (gzip + base64) done by Node, to read what the add-on wrote. */
export const nodeGzipBase64 = {
  compress: (text: string) => gzipSync(Buffer.from(text, 'utf8')).toString('base64'),
  decompress: (text: string) => gunzipSync(Buffer.from(text, 'base64')).toString('utf8'),
};
