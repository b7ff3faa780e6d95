/**
 * A minimal PDF writer for scanned pages: each page is one or more images, written the ways
 * scanners and office software write them (JPEG grey/RGB/CMYK, CCITT G4 1-bit, Flate 1-bit with
 * or without an inverted Decode, indexed colour, horizontal strips, a page /Rotate, an image
 * placed smaller than the page). pdfkit cannot write CCITT or indexed images; this can, and its
 * bytes are deterministic (no dates, no ids).
 */
import { deflateSync } from 'node:zlib';

export type ImageData =
  | { kind: 'jpeg'; data: Buffer; width: number; height: number; colorSpace: 'DeviceGray' | 'DeviceRGB' | 'DeviceCMYK' }
  | { kind: 'ccitt'; data: Buffer; width: number; height: number; blackIs1?: boolean }
  /** 1 bit per pixel, rows padded to bytes, 1 = white unless `inverted` (then a Decode [1 0] undoes it). */
  | { kind: 'bits'; data: Buffer; width: number; height: number; inverted?: boolean }
  /** 8-bit indices into a palette of RGB triples. */
  | { kind: 'indexed'; data: Buffer; width: number; height: number; palette: Buffer };

export interface PlacedImage {
  image: ImageData;
  /** Where it is drawn, in PDF user space: [a b c d e f] of the `cm` before `Do`. */
  matrix: [number, number, number, number, number, number];
}

export interface PdfPage {
  width: number;
  height: number;
  /** Page /Rotate (0, 90, 180, 270). */
  rotate?: number;
  images: PlacedImage[];
}

function imageDict(img: ImageData, length: number): string {
  const common = `/Type /XObject /Subtype /Image /Width ${img.width} /Height ${img.height}`;
  switch (img.kind) {
    case 'jpeg': {
      const decode = img.colorSpace === 'DeviceCMYK' ? ' /Decode [1 0 1 0 1 0 1 0]' : '';
      return (
        `<< ${common} /ColorSpace /${img.colorSpace} /BitsPerComponent 8 /Filter /DCTDecode${decode} /Length ` +
        `${length} >>`
      );
    }
    case 'ccitt':
      return (
        `<< ${common} /ColorSpace /DeviceGray /BitsPerComponent 1 /Filter /CCITTFaxDecode /DecodeParms << /K -1 ` +
        `/Columns ${img.width} /Rows ${img.height} /BlackIs1 ${img.blackIs1 ? 'true' : 'false'} >> /Length ${length} >>`
      );
    case 'bits':
      return (
        `<< ${common} /ColorSpace /DeviceGray /BitsPerComponent 1 /Filter ` +
        `/FlateDecode${img.inverted ? ' /Decode [1 0]' : ''} /Length ${length} >>`
      );
    case 'indexed':
      return (
        `<< ${common} /ColorSpace [/Indexed /DeviceRGB ${img.palette.length / 3 - 1} ` +
        `<${img.palette.toString('hex')}>] /BitsPerComponent 8 /Filter /FlateDecode /Length ${length} >>`
      );
  }
}

function imageStream(img: ImageData): Buffer {
  return img.kind === 'bits' || img.kind === 'indexed' ? deflateSync(img.data) : img.data;
}

/** The PDF bytes of the pages. */
export function writeImagePdf(pages: readonly PdfPage[]): Buffer {
  const objects: Buffer[] = [];
  const add = (body: Buffer | string): number => {
    objects.push(typeof body === 'string' ? Buffer.from(body, 'latin1') : body);
    return objects.length;
  };
  const stream = (dict: string, data: Buffer): Buffer =>
    Buffer.concat([Buffer.from(`${dict}\nstream\n`, 'latin1'), data, Buffer.from('\nendstream', 'latin1')]);
  // Object 1 is the catalog, 2 the page tree; pages follow.
  add('<< /Type /Catalog /Pages 2 0 R >>');
  add('');
  const kids: number[] = [];
  for (const page of pages) {
    const names: string[] = [];
    const content: string[] = [];
    page.images.forEach((placed, i) => {
      const data = imageStream(placed.image);
      const id = add(stream(imageDict(placed.image, data.length), data));
      names.push(`/Im${i} ${id} 0 R`);
      content.push(`q ${placed.matrix.map((v) => Number(v.toFixed(4))).join(' ')} cm /Im${i} Do Q`);
    });
    const body = Buffer.from(content.join('\n'), 'latin1');
    const contents = add(stream(`<< /Length ${body.length} >>`, body));
    const rotate = page.rotate ? ` /Rotate ${page.rotate}` : '';
    kids.push(
      add(
        `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${page.width.toFixed(2)} ${page.height.toFixed(2)}]${rotate} ` +
          `/Resources << /XObject << ${names.join(' ')} >> >> /Contents ${contents} 0 R >>`,
      ),
    );
  }
  objects[1] = Buffer.from(
    `<< /Type /Pages /Kids [${kids.map((k) => `${k} 0 R`).join(' ')}] /Count ${kids.length} >>`,
    'latin1',
  );
  const parts: Buffer[] = [Buffer.from('%PDF-1.5\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  const offsets: number[] = [];
  let offset = parts[0]!.length;
  objects.forEach((body, i) => {
    const chunk = Buffer.concat([Buffer.from(`${i + 1} 0 obj\n`, 'latin1'), body, Buffer.from('\nendobj\n', 'latin1')]);
    offsets.push(offset);
    offset += chunk.length;
    parts.push(chunk);
  });
  const xref = [
    `xref\n0 ${objects.length + 1}\n`,
    '0000000000 65535 f \n',
    ...offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`),
  ].join('');
  parts.push(
    Buffer.from(
      `${xref}trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${offset}\n%%EOF\n`,
      'latin1',
    ),
  );
  return Buffer.concat(parts);
}

/** An image filling a w × h page, upright. */
export function fillPage(width: number, height: number): PlacedImage['matrix'] {
  return [width, 0, 0, height, 0, 0];
}
