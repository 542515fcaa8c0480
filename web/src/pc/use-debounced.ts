// A value that follows its input only after the input has been still for a while (search boxes).
import { useEffect, useState } from 'react';

export function useDebounced<T>(value: T, delayMs: number): T {
  const [current, setCurrent] = useState(value);
  useEffect(() => {
    const timer = window.setTimeout(() => setCurrent(value), delayMs);
    return () => window.clearTimeout(timer);
  }, [value, delayMs]);
  return current;
}
