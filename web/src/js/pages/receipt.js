// "Verifica tu comprobante": checks a proposal's receipt against the public transparency log, in
// the browser, with Web Crypto. Only public data is fetched (the receipt's entry and index, the latest
// signed tree head, the inclusion proof, the public key); nothing is sent but the receipt's leaf hash.
// The checks follow docs/transparency-log.md: RFC 9162 hashing, ECDSA P-256/SHA-256 tree heads.
import { h, clear } from "../dom.js";
import { formatDateTime, t } from "../i18n.js";
import { breadcrumb, pageHeading, routes } from "../components.js";
import { field, formAlert, apiForm } from "../forms.js";

const HEX64 = /^[0-9a-f]{64}$/;
// The bytes a tree head's signature covers (chalicelib/transparency/signing.py `signed_message`).
const signedMessage = (head) =>
  `DecideIEEM transparency log v1\n${head.tree_size}\n${head.root_hash}\n${head.timestamp}\n`;

const encoder = new TextEncoder();

function concat(parts) {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** @param {Uint8Array[]} parts */
async function sha256(...parts) {
  return new Uint8Array(await crypto.subtle.digest("SHA-256", concat(parts)));
}

function fromHex(hex) {
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return bytes;
}

const toHex = (bytes) => Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");

function fromBase64(text) {
  const binary = atob(text.replace(/\s+/g, ""));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

/** RFC 9162 leaf hash: SHA-256(0x00 ‖ entry), the entry as its UTF-8 bytes. */
export const leafHash = (entry) => sha256(Uint8Array.of(0), encoder.encode(entry));

/**
 * RFC 9162 §2.1.3.2: does `path` lead from the leaf at `index` to `root` in a tree of `size` leaves?
 * Arithmetic instead of bit operators, which JS limits to 32 bits.
 */
export async function verifyInclusion(index, size, leaf, path, root) {
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(size) || index < 0 || index >= size) return false;
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  for (const hex of path) {
    if (!HEX64.test(hex) || sn === 0) return false;
    const p = fromHex(hex);
    if (fn % 2 === 1 || fn === sn) {
      r = await sha256(Uint8Array.of(1), p, r);
      while (fn % 2 === 0 && fn !== 0) {
        fn = Math.floor(fn / 2);
        sn = Math.floor(sn / 2);
      }
    } else {
      r = await sha256(Uint8Array.of(1), r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && toHex(r) === root;
}

/**
 * KMS signs in DER (SEQUENCE { INTEGER r, INTEGER s }); Web Crypto verifies the raw r ‖ s form
 * (IEEE P1363, 32 bytes each for P-256). Returns null when the bytes are not such a DER value.
 */
export function derToRaw(der) {
  let at = 0;
  const length = () => {
    let n = der[at++];
    if (n & 0x80) {
      const count = n & 0x7f;
      n = 0;
      for (let i = 0; i < count; i++) n = n * 256 + der[at++];
    }
    return n;
  };
  if (der[at++] !== 0x30) return null;
  if (length() !== der.length - at) return null;
  const raw = new Uint8Array(64);
  for (const offset of [0, 32]) {
    if (der[at++] !== 0x02) return null;
    let n = length();
    let value = der.subarray(at, at + n);
    at += n;
    while (value.length > 32 && value[0] === 0) value = value.subarray(1);
    if (value.length > 32 || value.length === 0) return null;
    raw.set(value, offset + 32 - value.length);
  }
  return at === der.length ? raw : null;
}

/** Is the tree head signed by the published key (and does it name that key)? */
export async function verifyTreeHead(head, publicKeyPem) {
  const spki = fromBase64(publicKeyPem.replace(/-----(BEGIN|END) PUBLIC KEY-----/g, ""));
  if (toHex(await sha256(spki)) !== head.key_id) return false;
  const raw = derToRaw(fromBase64(head.signature));
  if (!raw) return false;
  const key = await crypto.subtle.importKey("spki", spki, { name: "ECDSA", namedCurve: "P-256" }, false, ["verify"]);
  return crypto.subtle.verify({ name: "ECDSA", hash: "SHA-256" }, key, raw, encoder.encode(signedMessage(head)));
}

/** The receipt as pasted: the submission's JSON (or the receipt in it), or just the leaf hash. */
export function parseReceipt(text) {
  const raw = text.trim();
  if (HEX64.test(raw.toLowerCase())) return { leaf_hash: raw.toLowerCase(), entry: null };
  let given;
  try {
    given = JSON.parse(raw);
  } catch {
    return null;
  }
  const receipt = given && typeof given === "object" && given.receipt ? given.receipt : given;
  if (!receipt || typeof receipt.leaf_hash !== "string") return null;
  const leaf = receipt.leaf_hash.toLowerCase();
  if (!HEX64.test(leaf)) return null;
  return { leaf_hash: leaf, entry: typeof receipt.entry === "string" ? receipt.entry : null };
}

/**
 * The checks, in order; each is { key, ok } where ok is true, false, or null (could not be checked).
 * Returns { checks, pending, index, head }.
 */
async function verify(api, receipt) {
  const checks = [];
  if (receipt.entry !== null) {
    checks.push({ key: "hash", ok: toHex(await leafHash(receipt.entry)) === receipt.leaf_hash });
  }
  const [status, head, publicKey] = await Promise.all([
    api.logReceipt(receipt.leaf_hash).catch((failure) => {
      if (failure.status === 404) return null;
      throw failure;
    }),
    api.logLatestTreeHead(),
    api.logPublicKey(),
  ]);
  if (!status) {
    checks.push({ key: "missing", ok: false }, { key: "proof", ok: null }, { key: "signature", ok: null });
    return { checks, pending: false };
  }
  // The log's own copy of the entry must hash to the receipt too (a stored entry altered afterwards).
  checks.push({ key: "logged", ok: toHex(await leafHash(status.entry)) === receipt.leaf_hash });
  if (head.tree_size <= status.leaf_index) return { checks, pending: true };
  const proof = await api.logInclusionProof(status.leaf_index, head.tree_size);
  checks.push({
    key: "proof",
    ok: await verifyInclusion(status.leaf_index, head.tree_size, fromHex(receipt.leaf_hash), proof.path, head.root_hash),
  });
  checks.push({ key: "signature", ok: await verifyTreeHead(head, publicKey.public_key_pem) });
  return { checks, pending: false, index: status.leaf_index, head };
}

const CHECK_TEXT = {
  hash: ["receipt.check_hash_ok", "receipt.check_hash_failed"],
  logged: ["receipt.check_logged_ok", "receipt.check_logged_failed"],
  missing: ["receipt.check_logged_ok", "receipt.check_missing"],
  proof: ["receipt.check_proof_ok", "receipt.check_proof_failed"],
  signature: ["receipt.check_signature_ok", "receipt.check_signature_failed"],
};

/** @param {{checks: any, pending: any, index?: any, head?: any}} result */
function resultView({ checks, pending, index, head }) {
  const valid = !pending && checks.every((c) => c.ok === true);
  const kind = pending ? "warning" : valid ? "success" : "danger";
  const heading = pending ? t("receipt.pending") : valid ? t("receipt.valid") : t("receipt.invalid");
  return h(
    "div",
    { class: `notice notice--${kind} receipt-result`, dataset: { valid: String(valid) } },
    h("h2", { class: "notice__title", id: "receipt-result" }, heading),
    valid ? h("p", {}, t("receipt.valid_detail", { index, size: head.tree_size, time: formatDateTime(new Date(head.timestamp)) })) : null,
    pending ? h("p", {}, t("receipt.pending_detail")) : null,
    h(
      "ul",
      { class: "plain-list receipt-checks" },
      checks.map(({ key, ok }) =>
        h(
          "li",
          { dataset: { check: key, ok: String(ok) } },
          ok === true ? t("receipt.mark_ok") : ok === false ? t("receipt.mark_failed") : t("receipt.mark_unchecked"),
          " ",
          t(ok === null ? "receipt.check_unchecked" : CHECK_TEXT[key][ok ? 0 : 1]),
        ),
      ),
    ),
  );
}

export async function verifyReceiptPage({ api, query }) {
  const title = t("receipt.title");
  const input = field({
    name: "receipt",
    label: t("receipt.field"),
    help: t("receipt.field_help"),
    control: "textarea",
    attrs: { rows: "8", spellcheck: "false", autocomplete: "off" },
  });
  if (query.get("huella")) input.input.value = query.get("huella");
  const alert = formAlert();
  const button = h("button", { type: "submit", class: "button" }, t("receipt.submit"));
  const result = h("div", { "aria-live": "polite" });

  const form = apiForm({
    fields: [input],
    alert,
    button,
    check: () => {
      if (parseReceipt(input.input.value)) return true;
      input.setError(t("receipt.unreadable"));
      input.input.focus();
      return false;
    },
    submit: async () => {
      clear(result);
      const receipt = parseReceipt(input.input.value);
      if (receipt) result.append(resultView(await verify(api, receipt)));
    },
  }, input.node, alert, button);

  return {
    title,
    node: h(
      "div",
      { class: "page page--receipt" },
      breadcrumb([[t("site.home"), routes.home()], [title, null]]),
      pageHeading(title),
      h("p", { class: "lead" }, t("receipt.intro")),
      h("p", {}, t("receipt.privacy")),
      form,
      result,
    ),
  };
}
