// A small RFC 4180 CSV reader (quoted fields, embedded commas and quotes) returning rows of strings keyed by header.

/** Parses CSV text into header names and rows of raw string cells. Throws on a row with the wrong number of cells. */
export function parseCsv(text: string, source = 'CSV'): { header: string[]; rows: string[][] } {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; }
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { record.push(field); field = ''; }
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      record.push(field); field = '';
      if (record.length > 1 || record[0] !== '') records.push(record);
      record = [];
    } else field += c;
  }
  if (field !== '' || record.length > 0) { record.push(field); records.push(record); }
  if (records.length === 0) throw new Error(`${source}: empty CSV`);
  const [header, ...rows] = records;
  rows.forEach((r, i) => {
    if (r.length !== header.length) {
      throw new Error(`${source}: row ${i + 2} has ${r.length} cells, the header has ${header.length}`);
    }
  });
  return { header, rows };
}
