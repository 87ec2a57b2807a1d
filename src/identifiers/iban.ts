/**
 * IBANs of any country (ISO 13616-1): a country code, two check digits and the country's BBAN,
 * in capitals without spaces (the "electronic format"). Checked here: the country issues IBANs,
 * the length is that country's, and the ISO 7064 MOD 97-10 check (move the first four
 * characters to the end, read A–Z as 10–35, the number mod 97 must be 1). For Portugal also the
 * NIB's own check digits (the BBAN's last two, the same MOD 97-10 over its 21 digits).
 *
 * Ours rather than `ibantools`: the rule is 30 lines, a dependency would be the package's second
 * runtime one (ibantools is 1.3 MB unpacked, mostly BIC, SEPA and national BBAN rules we do not
 * need), and the lengths below are the one piece of data to keep current.
 */
import { type IdentifierCheck, refuse, refuseNonString } from "./check.js";

/**
 * IBAN lengths by country, from the SWIFT IBAN Registry (the ISO 13616 registration
 * authority), cross-checked against ibantools' table. Territories that the registry lists under
 * France (GF GP MQ RE PF TF YT NC PM WF BL MF) and Finland (AX) are included as their IBANs
 * may carry their own code.
 */
const registry =
  "AD24 AE23 AL28 AT20 AX18 AZ28 BA20 BE16 BG22 BH22 BI27 BL27 BR29 BY28 CH21 CR22 CY28 CZ24 " +
  "DE22 DJ27 DK18 DO28 EE20 EG29 ES24 FI18 FK18 FO18 FR27 GB22 GE22 GF27 GI23 GL18 GP27 GR27 " +
  "GT28 HN28 HR21 HU28 IE22 IL23 IQ23 IS26 IT27 JO30 KW30 KZ20 LB28 LC32 LI21 LT20 LU20 LV21 " +
  "LY25 MC27 MD24 ME22 MF27 MK19 MN20 MQ27 MR27 MT31 MU30 NC27 NI28 NL18 NO15 OM23 PF27 PK24 " +
  "PL28 PM27 PS29 PT25 QA29 RE27 RO24 RS22 RU33 SA24 SC31 SD18 SE24 SI19 SK24 SM27 SO23 ST25 " +
  "SV28 TF27 TL23 TN24 TR26 UA29 VA22 VG24 WF27 XK20 YE30 YT27";
const ibanLengths = new Map(registry.split(" ").map((e) => [e.slice(0, 2), Number(e.slice(2))]));

/** The ISO 7064 MOD 97-10 remainder of a string of digits and capitals (A = 10 … Z = 35). */
export function mod97(text: string): number {
  let remainder = 0;
  for (const char of text) {
    const value = Number.parseInt(char, 36);
    remainder = (remainder * (value < 10 ? 10 : 100) + value) % 97;
  }
  return remainder;
}

/**
 * Checks an IBAN of any country in electronic format (no spaces, capitals): the country, its
 * length and the MOD 97-10 check digits; for a Portuguese IBAN also the NIB check digits. A
 * valid result names the country.
 *
 * @example
 * validateIban("PT50000201231234567890154"); // { valid: true, country: "PT" }
 * validateIban("PT50 0002 0123 1234 5678 9015 4"); // { valid: false, problem: "format", … }
 */
export function validateIban(value: unknown): IdentifierCheck<{ country: string }> {
  const notString = refuseNonString(value, "An IBAN");
  if (notString) return notString;
  const text = value as string;
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]+$/.test(text)) {
    return refuse(
      "format",
      "An IBAN is a country code, two check digits and letters or digits, in capitals without spaces",
    );
  }
  const country = text.slice(0, 2);
  const length = ibanLengths.get(country);
  if (length === undefined) return refuse("country", `${country} issues no IBANs`);
  if (text.length !== length) {
    return refuse("length", `A ${country} IBAN has ${length} characters, not ${text.length}`);
  }
  // ISO 13616-1 allows check digits 02 to 98 only: "00", "01" and "99" never appear.
  const checkDigits = Number(text.slice(2, 4));
  if (checkDigits < 2 || checkDigits > 98 || mod97(text.slice(4) + text.slice(0, 4)) !== 1) {
    return refuse("checksum", "The IBAN's check digits do not match the rest");
  }
  if (country === "PT" && mod97(text.slice(4)) !== 1) {
    return refuse("checksum", "The NIB check digits (the last two) do not match the rest");
  }
  return { valid: true, country };
}
