'use client';

import { useState } from 'react';
import { button } from './ui';

/** Copies a value to the clipboard and says so (or says it could not: a plain-HTTP page has no clipboard). */
export function CopyButton({ value, label = 'Copy' }: { value: string; label?: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  return (
    <button
      type="button"
      className={button}
      onClick={() =>
        navigator.clipboard
          ?.writeText(value)
          .then(() => setState('copied'))
          .catch(() => setState('failed')) ?? setState('failed')
      }
    >
      {state === 'copied' ? 'Copied' : state === 'failed' ? 'Copy failed: select the text' : label}
    </button>
  );
}
