// Node adapter: the fastest Parquet page codec this Node has — zstd (level 1, native zlib) where
// available (Node 22.15+), else gzip level 1. Both are several times faster than the portable
// JavaScript snappy and compress better; every common Parquet reader (DuckDB, Arrow, Spark) reads them.
import zlib from 'node:zlib';
import type { ParquetCodec } from './parquet-encoder';

export function fastParquetCodec(): ParquetCodec {
  if (typeof zlib.zstdCompressSync === 'function') {
    const params = { [zlib.constants.ZSTD_c_compressionLevel]: 1 };
    return { name: 'ZSTD', compress: (bytes) => zlib.zstdCompressSync(bytes, { params }) };
  }
  return { name: 'GZIP', compress: (bytes) => zlib.gzipSync(bytes, { level: 1 }) };
}
