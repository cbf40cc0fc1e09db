export interface SseEvent {
  event: string;
  data: string;
  id?: string;
}

/** Parses an SSE body as it arrives; resolves when the stream ends or is aborted. */
export async function readSse(
  res: Response,
  onEvent: (e: SseEvent) => void,
  onComment?: (c: string) => void,
): Promise<void> {
  if (!res.body) throw new Error('no body');
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let buf = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buf += decoder.decode(value, { stream: true });
    let idx = buf.indexOf('\n\n');
    while (idx >= 0) {
      const block = buf.slice(0, idx);
      buf = buf.slice(idx + 2);
      const ev: SseEvent = { event: 'message', data: '' };
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) onComment?.(line.slice(1));
        else if (line.startsWith('event: ')) ev.event = line.slice(7);
        else if (line.startsWith('data: ')) ev.data += line.slice(6);
        else if (line.startsWith('id: ')) ev.id = line.slice(4);
      }
      if (ev.data) onEvent(ev);
      idx = buf.indexOf('\n\n');
    }
  }
}
