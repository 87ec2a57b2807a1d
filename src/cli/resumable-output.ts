/**
 * An output file a command can be interrupted in and resumed from. Rows are written whole, in
 * batches, each batch with one `write` followed by `fsync`, so after Ctrl-C, a crash or a power
 * loss the file holds complete rows only (a torn last line, possible only mid-write, is cut off
 * on the next run). Reopening it reports the rows already there so the command skips them.
 */
import {
  closeSync,
  existsSync,
  fsyncSync,
  ftruncateSync,
  openSync,
  readFileSync,
  writeSync,
} from "node:fs";
import { parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";
import { UsageError } from "./usage.js";

/** An open output: what it already holds, and a way to add more. */
export interface ResumableOutput<Row> {
  /** The complete records found when it was opened (CSV: objects by header; JSONL: parsed lines). */
  readonly existing: Row[];
  /** Writes `records` as whole lines and syncs them to disk. */
  append(records: Row[]): void;
  close(): void;
}

/** Opens `path` for appending after cutting any incomplete last line; returns its complete text. */
function openCut(path: string): { fd: number; text: string } {
  const text = existsSync(path) ? readFileSync(path, "utf8") : "";
  const complete = text.slice(0, text.lastIndexOf("\n") + 1);
  const fd = openSync(path, existsSync(path) ? "r+" : "w");
  ftruncateSync(fd, Buffer.byteLength(complete));
  return { fd, text: complete };
}

function writeDurably(fd: number, text: string, position: { at: number }): void {
  if (text === "") return;
  const bytes = Buffer.from(text);
  writeSync(fd, bytes, 0, bytes.length, position.at);
  position.at += bytes.length;
  fsyncSync(fd);
}

/** One line per value: line breaks inside a field would make a torn row look complete. */
const flat = (value: string) => value.replace(/[\r\n]+/g, " ");

/** A CSV output with `header`; an existing file must have the same header. */
export function openResumableCsv(
  path: string,
  header: readonly string[],
): ResumableOutput<Record<string, string>> {
  const { fd, text } = openCut(path);
  const position = { at: Buffer.byteLength(text) };
  let existing: Record<string, string>[] = [];
  if (text === "") writeDurably(fd, stringify([header]), position);
  else {
    const [found, ...rows] = parse(text, { relax_column_count: false }) as string[][];
    if (found?.join(",") !== header.join(",")) {
      closeSync(fd);
      throw new UsageError(`${path} exists with other columns; choose another --output`);
    }
    existing = rows.map((row) => Object.fromEntries(header.map((name, i) => [name, row[i] ?? ""])));
  }
  return {
    existing,
    append(records) {
      const rows = records.map((record) => header.map((name) => flat(record[name] ?? "")));
      writeDurably(fd, stringify(rows), position);
    },
    close: () => closeSync(fd),
  };
}

/** A JSON Lines output: one JSON value per line. */
export function openResumableJsonl(path: string): ResumableOutput<unknown> {
  const { fd, text } = openCut(path);
  const position = { at: Buffer.byteLength(text) };
  const existing = text
    .split("\n")
    .filter((line) => line !== "")
    .map((line, i) => {
      try {
        return JSON.parse(line) as unknown;
      } catch {
        closeSync(fd);
        throw new UsageError(`${path} line ${i + 1} is not JSON; choose another --output`);
      }
    });
  return {
    existing,
    append(records) {
      writeDurably(fd, records.map((record) => `${JSON.stringify(record)}\n`).join(""), position);
    },
    close: () => closeSync(fd),
  };
}
