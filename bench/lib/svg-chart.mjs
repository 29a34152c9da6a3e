/** A small grouped horizontal bar chart as standalone SVG (no browser or canvas needed). */
export function barChartSvg({ title, unit, rows }) {
  const width = 760;
  const rowHeight = 26;
  const left = 260;
  const top = 40;
  const max = Math.max(...rows.map((r) => r.value), 1e-9);
  const height = top + rows.length * rowHeight + 30;
  const escape = (s) => String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
  const bars = rows
    .map((row, i) => {
      const y = top + i * rowHeight;
      const w = Math.max(1, ((width - left - 110) * row.value) / max);
      return `<text x="${left - 8}" y="${y + 16}" text-anchor="end" font-size="12">${escape(row.label)}</text>
<rect x="${left}" y="${y + 4}" width="${w.toFixed(1)}" height="${rowHeight - 8}" fill="${row.color ?? '#2563eb'}"/>
<text x="${left + w + 6}" y="${y + 16}" font-size="12">${escape(row.value.toFixed(row.value < 10 ? 3 : 0))} ${escape(unit)}</text>`;
    })
    .join('\n');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif">
<rect width="100%" height="100%" fill="#fff"/>
<text x="12" y="24" font-size="15" font-weight="bold">${escape(title)}</text>
${bars}
</svg>
`;
}
