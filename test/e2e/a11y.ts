import type { Page } from 'playwright-core';

/**
 * Two accessibility checks run in the page: every form control and button has a name (aria-label,
 * a label, its text or a title), and visible text meets WCAG AA contrast (4.5:1, 3:1 for large text)
 * against the first opaque background behind it. In-page code is a string: this file is type-checked
 * without the DOM library.
 */
const CHECK = `(() => {
  const problems = [];
  for (const el of document.querySelectorAll('input:not([type=hidden]), select, textarea, button')) {
    const labels = el.labels ? [...el.labels].map((l) => l.textContent.trim()).join(' ') : '';
    const name = el.getAttribute('aria-label') || labels || el.getAttribute('aria-labelledby') ||
      (el.tagName === 'BUTTON' && el.textContent.trim()) || el.getAttribute('title');
    if (!name) problems.push('unlabelled ' + el.outerHTML.slice(0, 100));
  }
  const parse = (c) => {
    const m = /rgba?\\(([^)]+)\\)/.exec(c);
    if (!m) return null;
    const [r, g, b, a = 1] = m[1].split(/[\\s,/]+/).filter(Boolean).map(Number);
    return { r, g, b, a };
  };
  const channel = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
  const luminance = (c) => 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b);
  const background = (el) => {
    for (let e = el; e; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c && c.a > 0.5) return c;
    }
    return parse(getComputedStyle(document.documentElement).backgroundColor) || { r: 255, g: 255, b: 255, a: 1 };
  };
  const seen = new Set();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const el = walker.currentNode.parentElement;
    const content = walker.currentNode.textContent.trim();
    if (!el || !content || seen.has(el)) continue;
    seen.add(el);
    if (el.closest('.visually-hidden, [aria-hidden="true"], svg, option, :disabled, datalist')) continue;
    const style = getComputedStyle(el);
    const rect = el.getBoundingClientRect();
    if (style.visibility === 'hidden' || rect.width === 0 || rect.height === 0) continue;
    const fg = parse(style.color);
    if (!fg) continue;
    const bg = background(el);
    const [hi, lo] = [luminance(fg), luminance(bg)].sort((a, b) => b - a);
    const ratio = (hi + 0.05) / (lo + 0.05);
    const size = parseFloat(style.fontSize);
    const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
    const min = large ? 3 : 4.5;
    if (ratio < min) {
      problems.push('contrast ' + ratio.toFixed(2) + ' < ' + min + ': "' + content.slice(0, 40) + '" (' + style.color +
        ' on rgb(' + bg.r + ', ' + bg.g + ', ' + bg.b + '))');
    }
  }
  return problems;
})()`;

export async function accessibilityProblems(page: Page): Promise<string[]> {
  return page.evaluate(CHECK) as Promise<string[]>;
}
