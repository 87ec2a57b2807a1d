/**
 * `npm run callbacks:send -- <url> [--type N] [--process <id> | --simulation <id>] [--secret S]
 * [--signature-header H] [--header "name: value"]… [--repeat N] [--list]`
 *
 * Posts a sample notification, built from the spec's webhook examples, to a receiver (like
 * `stripe trigger`), so a partner can test without the bank. `--repeat` sends the same delivery
 * again, as the bank's retries would; `--list` prints the examples.
 */
import { parseArgs } from "node:util";
import { buildNotification, sampleNotifications, sendNotification } from "./callbacks-sender.ts";

const usage =
  "usage: npm run callbacks:send -- <url> [--type N] [--process <id> | --simulation <id>] [--secret S] [--signature-header H] [--header 'name: value'] [--repeat N] [--list]";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    type: { type: "string" },
    process: { type: "string" },
    simulation: { type: "string" },
    secret: { type: "string" },
    "signature-header": { type: "string" },
    header: { type: "string", multiple: true },
    repeat: { type: "string" },
    list: { type: "boolean" },
  },
});

if (values.list) {
  for (const sample of sampleNotifications()) {
    console.log(`--type ${sample.value.notificationTypeID}  ${sample.summary}`);
  }
  process.exit(0);
}

const url = positionals[0];
if (!url || !/^https?:\/\//.test(url)) {
  console.error(usage);
  process.exit(2);
}
const type = values.type === undefined ? undefined : Number(values.type);
const repeat = Number(values.repeat ?? 1);
if ((type !== undefined && !Number.isInteger(type)) || !(Number.isInteger(repeat) && repeat > 0)) {
  console.error(`--type and --repeat take whole numbers\n${usage}`);
  process.exit(2);
}

const headers: Record<string, string> = {};
for (const header of values.header ?? []) {
  const colon = header.indexOf(":");
  if (colon < 1) {
    console.error(`--header takes "name: value", got ${JSON.stringify(header)}`);
    process.exit(2);
  }
  headers[header.slice(0, colon).trim()] = header.slice(colon + 1).trim();
}

const notification = buildNotification({
  ...(type === undefined ? {} : { type }),
  ...(values.process === undefined ? {} : { process: values.process }),
  ...(values.simulation === undefined ? {} : { simulation: values.simulation }),
});
console.log(`POST ${url}\n${JSON.stringify(notification, null, 2)}`);
for (let attempt = 1; attempt <= repeat; attempt++) {
  const answer = await sendNotification(url, notification, {
    headers,
    ...(values.secret ? { secret: values.secret } : {}),
    ...(values["signature-header"] ? { signatureHeader: values["signature-header"] } : {}),
  });
  console.log(`→ ${answer.status} ${answer.body}`);
}
