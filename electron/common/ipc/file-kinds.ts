// What a dropped or passed file is most likely to be, from its name: an ETW capture (.etl and the
// numbered files of a circular/rolled log) or a schema source (manifest XML, PE binary with a
// WEVT_TEMPLATE resource, raw blob). The services still check the content; this only picks the channel.
export type FileKind = 'capture' | 'manifest';

const CAPTURE = /\.(etl|etl\.zip|\d{3})$/i;

export function fileKindOf(path: string): FileKind {
  return CAPTURE.test(path) ? 'capture' : 'manifest';
}

/** File name without its folder, for either separator. */
export function fileNameOf(path: string): string {
  const cut = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return cut >= 0 ? path.slice(cut + 1) : path;
}
