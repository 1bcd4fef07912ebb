import type { TextCompressor } from '../segment/backup-format';

/** gzip then base64, through Apps Script's Utilities (a plan's JSON shrinks about tenfold). */
export const gzipBase64: TextCompressor = {
  compress: (text) => Utilities.base64Encode(Utilities.gzip(Utilities.newBlob(text, 'application/json')).getBytes()),
  decompress: (text) => Utilities.ungzip(Utilities.newBlob(Utilities.base64Decode(text), 'application/x-gzip')).getDataAsString('UTF-8'),
};
