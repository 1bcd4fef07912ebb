/**
 * CacheService as Apps Script has it: a per-document cache (also the script's and the user's), values of at most
 * 100 KB, keys of at most 250 characters, an expiry of 1 s to 6 h (600 s by default) on the world's clock, and
 * entries that may vanish at any time (a test can `evictAll()` to show the script copes).
 */
import { AppsScriptException, Mirror } from './mirror';
import type { FakeClock } from './services';

const MAX_VALUE_BYTES = 100 * 1024;
const MAX_KEY_CHARS = 250;
const MAX_EXPIRY_SECONDS = 6 * 60 * 60;
const DEFAULT_EXPIRY_SECONDS = 600;

type CacheMethods = 'get' | 'put' | 'remove' | 'getAll' | 'putAll' | 'removeAll';

export class FakeCache implements Mirror<GoogleAppsScript.Cache.Cache, CacheMethods> {
  private readonly entries = new Map<string, { value: string; expires: number }>();

  constructor(private readonly clock: FakeClock) {}

  private checkKey(key: string): string {
    const text = String(key);
    if (text.length > MAX_KEY_CHARS) throw new AppsScriptException('Argument too large: key');
    return text;
  }

  get(key: string) {
    const entry = this.entries.get(this.checkKey(key));
    if (!entry) return null;
    if (entry.expires <= this.clock.now) {
      this.entries.delete(key);
      return null;
    }
    return entry.value;
  }
  put(key: string, value: string, expirationInSeconds: number = DEFAULT_EXPIRY_SECONDS) {
    const text = String(value);
    if (Buffer.byteLength(text) > MAX_VALUE_BYTES) throw new AppsScriptException('Argument too large: value');
    if (!(expirationInSeconds >= 1 && expirationInSeconds <= MAX_EXPIRY_SECONDS)) {
      throw new AppsScriptException('Invalid argument: expirationInSeconds');
    }
    this.entries.set(this.checkKey(key), { value: text, expires: this.clock.now + expirationInSeconds * 1000 });
  }
  remove(key: string) {
    this.entries.delete(this.checkKey(key));
  }
  getAll(keys: string[]) {
    const found: Record<string, string> = {};
    for (const key of keys) {
      const value = this.get(key);
      if (value !== null) found[key] = value;
    }
    return found;
  }
  putAll(values: Record<string, string>, expirationInSeconds?: number) {
    for (const [key, value] of Object.entries(values)) this.put(key, value, expirationInSeconds);
  }
  removeAll(keys: string[]) {
    keys.forEach((key) => this.remove(key));
  }
  /** What Apps Script may do at any moment: the script must then work from the source again. */
  evictAll(): void {
    this.entries.clear();
  }
  get size(): number {
    return this.entries.size;
  }
}

/** One cache per document, per script and per user: the world has one of each. */
export interface FakeCaches {
  document: FakeCache;
  script: FakeCache;
  user: FakeCache;
}

export function fakeCaches(clock: FakeClock): FakeCaches {
  return { document: new FakeCache(clock), script: new FakeCache(clock), user: new FakeCache(clock) };
}

export function fakeCacheService(
  caches: FakeCaches,
): Mirror<GoogleAppsScript.Cache.CacheService, 'getDocumentCache' | 'getScriptCache' | 'getUserCache'> {
  return {
    getDocumentCache: () => caches.document,
    getScriptCache: () => caches.script,
    getUserCache: () => caches.user,
  };
}
