// A tiny events/s chart: the last minute of a session's rate as a filled line on a canvas, scaled to
// its own peak (drawn in the theme's accent colour, sharp on high-DPI screens).
import { useEffect, useRef } from 'react';

export function Sparkline({
  values,
  width = 220,
  height = 40,
  label,
}: {
  values: number[];
  width?: number;
  height?: number;
  label: string;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const c = canvas.current;
    const ctx = c?.getContext('2d');
    if (!c || !ctx) return;
    const ratio = window.devicePixelRatio || 1;
    c.width = Math.round(width * ratio);
    c.height = Math.round(height * ratio);
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, width, height);
    const style = getComputedStyle(c);
    const accent = style.getPropertyValue('--accent').trim() || '#0f62c9';
    const grid = style.getPropertyValue('--border').trim() || '#e2e2e5';
    ctx.strokeStyle = grid;
    ctx.lineWidth = 1;
    ctx.beginPath();
    ctx.moveTo(0, height - 0.5);
    ctx.lineTo(width, height - 0.5);
    ctx.stroke();
    if (values.length < 2) return;
    const peak = Math.max(1, ...values);
    const step = width / (values.length - 1);
    const y = (v: number) => height - 2 - (v / peak) * (height - 6);
    ctx.beginPath();
    values.forEach((v, i) => (i === 0 ? ctx.moveTo(0, y(v)) : ctx.lineTo(i * step, y(v))));
    ctx.strokeStyle = accent;
    ctx.lineWidth = 1.5;
    ctx.stroke();
    ctx.lineTo(width, height);
    ctx.lineTo(0, height);
    ctx.closePath();
    ctx.globalAlpha = 0.15;
    ctx.fillStyle = accent;
    ctx.fill();
    ctx.globalAlpha = 1;
  }, [values, width, height]);
  return (
    <canvas ref={canvas} className="ses-spark" style={{ width, height }} role="img" aria-label={label} />
  );
}
