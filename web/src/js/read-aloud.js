// "Escuchar": the page's own text read aloud by the browser's speech synthesis, in es-MX. Nothing is
// sent anywhere; where the browser has no speech synthesis the button is not shown at all.
import { h } from "./dom.js";
import { t } from "./i18n.js";

const BLOCKS = "h1, h2, h3, h4, p, li, dt, dd, th, td, caption, blockquote, figcaption";
const SKIPPED = "[data-no-read], nav, button, label, script, .visually-hidden";

/** The text on screen under `root`, block by block, in document order (innermost blocks only). */
export function readableText(root) {
  const parts = [];
  for (const block of root.querySelectorAll(BLOCKS)) {
    if (block.closest(SKIPPED) || block.querySelector(BLOCKS)) continue;
    if (!block.getClientRects().length) continue; // not displayed
    const text = block.textContent.replace(/\s+/g, " ").trim();
    if (text) parts.push(text);
  }
  return parts;
}

function spanishVoice(synth) {
  const voices = typeof synth.getVoices === "function" ? synth.getVoices() : [];
  return voices.find((v) => v.lang === "es-MX") || voices.find((v) => (v.lang || "").startsWith("es")) || null;
}

/** The read-aloud controls for the page under `#main`, or null where speech synthesis is missing. */
export function readAloud() {
  const synth = window.speechSynthesis;
  if (!synth || typeof window.SpeechSynthesisUtterance !== "function") return null;
  const listen = h("button", { type: "button", class: "button button--secondary" }, t("read.listen"));
  const pause = h("button", { type: "button", class: "button button--secondary", hidden: true }, t("read.pause"));
  const stop = h("button", { type: "button", class: "button button--secondary", hidden: true }, t("read.stop"));
  let paused = false;

  function reset() {
    paused = false;
    pause.textContent = t("read.pause");
    pause.hidden = true;
    stop.hidden = true;
    listen.hidden = false;
  }

  listen.addEventListener("click", () => {
    synth.cancel();
    const parts = readableText(document.getElementById("main"));
    const voice = spanishVoice(synth);
    parts.forEach((text, index) => {
      const utterance = new window.SpeechSynthesisUtterance(text);
      utterance.lang = "es-MX";
      if (voice) utterance.voice = voice;
      if (index === parts.length - 1) utterance.onend = reset;
      synth.speak(utterance);
    });
    listen.hidden = true;
    pause.hidden = false;
    stop.hidden = false;
    pause.focus();
  });
  pause.addEventListener("click", () => {
    if (paused) synth.resume();
    else synth.pause();
    paused = !paused;
    pause.textContent = t(paused ? "read.resume" : "read.pause");
  });
  stop.addEventListener("click", () => {
    synth.cancel();
    reset();
    listen.focus();
  });
  // Leaving the page stops the reading.
  window.addEventListener("hashchange", () => synth.cancel(), { once: true });
  return h("p", { class: "actions read-aloud", dataset: { noRead: "" } }, listen, " ", pause, " ", stop);
}
