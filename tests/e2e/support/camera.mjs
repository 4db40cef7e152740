// A camera for the gate tests: Chromium's fake capture device reads a
// YUV4MPEG2 file, written here from a QR code (luminance only; the colour
// planes are flat). A code is drawn from a screenshot of the student's
// pass, or encoded by an independent library (npm `qrcode`) for tampered
// and foreign passes; an independent reader (npm `jsqr`) reads the
// screenshot back.
import { writeFileSync } from 'node:fs';

import jsQR from 'jsqr';
import QRCode from 'qrcode';

export const WIDTH = 640;
export const HEIGHT = 480;

/** Chromium's flags for a camera that shows `file` (allowed without asking). */
export function cameraFlags(file) {
  return ['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${file}`];
}

/** Writes one frame of luminance (`WIDTH` × `HEIGHT` bytes) as the camera's file. */
export function showOnCamera(file, gray) {
  const header = Buffer.from(`YUV4MPEG2 W${WIDTH} H${HEIGHT} F10:1 Ip A1:1 C420jpeg\n`);
  const chroma = Buffer.alloc((WIDTH / 2) * (HEIGHT / 2) * 2, 128);
  writeFileSync(file, Buffer.concat([header, Buffer.from('FRAME\n'), Buffer.from(gray), chroma]));
}

/** A grey frame with nothing on it. */
export function blankFrame() {
  return new Uint8Array(WIDTH * HEIGHT).fill(200);
}

/** `text` as a QR code by the `qrcode` package, drawn on a frame. */
export function encodedFrame(text) {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const gray = blankFrame();
  const scale = Math.floor((HEIGHT - 40) / (modules.size + 8));
  const left = Math.floor((WIDTH - (modules.size + 8) * scale) / 2);
  const top = Math.floor((HEIGHT - (modules.size + 8) * scale) / 2);
  for (let y = 0; y < (modules.size + 8) * scale; y++) {
    for (let x = 0; x < (modules.size + 8) * scale; x++) {
      const [mx, my] = [Math.floor(x / scale) - 4, Math.floor(y / scale) - 4];
      const inside = mx >= 0 && my >= 0 && mx < modules.size && my < modules.size;
      const dark = inside && modules.get(my, mx);
      gray[(top + y) * WIDTH + left + x] = dark ? 20 : 250;
    }
  }
  return gray;
}

/**
 * A PNG screenshot drawn on a frame, by a blank page of `browser` (no app,
 * no policy): the frame's luminance.
 */
export async function screenshotFrame(browser, png) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const base64 = await page.evaluate(
    async ({ data, width, height }) => {
      const image = new Image();
      image.src = `data:image/png;base64,${data}`;
      await image.decode();
      const canvas = document.createElement('canvas');
      canvas.width = width;
      canvas.height = height;
      const context = canvas.getContext('2d');
      context.fillStyle = '#c8c8c8';
      context.fillRect(0, 0, width, height);
      const side = height - 40;
      context.drawImage(image, (width - side) / 2, 20, side, side);
      const rgba = context.getImageData(0, 0, width, height).data;
      const gray = new Uint8Array(width * height);
      for (let i = 0; i < gray.length; i++) gray[i] = Math.round(rgba[i * 4] * 0.299 + rgba[i * 4 + 1] * 0.587 + rgba[i * 4 + 2] * 0.114);
      let text = '';
      for (let i = 0; i < gray.length; i += 8192) text += String.fromCharCode(...gray.subarray(i, i + 8192));
      return btoa(text);
    },
    { data: png.toString('base64'), width: WIDTH, height: HEIGHT },
  );
  await context.close();
  return new Uint8Array(Buffer.from(base64, 'base64'));
}

/** The text of the QR code on a frame, read by `jsqr`. */
export function readFrame(gray) {
  const rgba = new Uint8ClampedArray(WIDTH * HEIGHT * 4);
  for (let i = 0; i < gray.length; i++) rgba.set([gray[i], gray[i], gray[i], 255], i * 4);
  return jsQR(rgba, WIDTH, HEIGHT)?.data ?? null;
}
