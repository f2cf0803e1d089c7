/** Chart colours, matching the CSS variables in styles.css (dark theme). */
export const THEME = {
  text: '#c9d1e0',
  muted: '#7f8aa3',
  grid: '#232a38',
  axis: '#344055',
  tooltipBackground: '#141925',
  /** Series without a colour of their own take these in order (clusters, models…). */
  palette: ['#60a5fa', '#34d399', '#f472b6', '#fbbf24', '#a78bfa', '#22d3ee', '#fb7185', '#a3e635'],
  font: 'Inter, "Segoe UI", system-ui, -apple-system, sans-serif',
} as const;
