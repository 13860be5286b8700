// Chooses the [MS-XCA] decompressor for an ETL file's compression format (layout.ts CompressionFormat,
// from the header buffer's State). Every decompressor writes at most output.length bytes and throws
// BinaryParseError('DECOMPRESS') on corrupt input.
import { CompressionFormat } from '../layout';
import { decompressLznt1 } from './lznt1';
import { decompressXpress } from './xpress';
import { decompressXpressHuffman } from './xpress-huffman';

export type Decompressor = (input: Uint8Array, output: Uint8Array) => number;

export function decompressorFor(format: number): Decompressor | undefined {
  switch (format) {
    case CompressionFormat.Lznt1:
      return decompressLznt1;
    case CompressionFormat.Xpress:
      return decompressXpress;
    case CompressionFormat.XpressHuffman:
      return decompressXpressHuffman;
    default:
      return undefined;
  }
}

export function compressionName(format: number): string {
  switch (format) {
    case CompressionFormat.None:
      return 'none';
    case CompressionFormat.Lznt1:
      return 'LZNT1';
    case CompressionFormat.Xpress:
      return 'XPRESS';
    case CompressionFormat.XpressHuffman:
      return 'XPRESS Huffman';
    default:
      return `unknown (${format})`;
  }
}
