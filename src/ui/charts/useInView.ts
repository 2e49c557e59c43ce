/**
 * Whether an element is on screen (IntersectionObserver), so charts scrolled out of view can skip
 * redraws while training streams in data; they catch up when they come back into view.
 */
import { useEffect, useState, type RefObject } from 'react';

/** True while `ref`'s element intersects the viewport (or a margin around it). */
export function useInView(ref: RefObject<Element | null>, margin = '100px'): boolean {
  const [inView, setInView] = useState(true);
  useEffect(() => {
    const el = ref.current;
    if (!el || typeof IntersectionObserver === 'undefined') return;
    const io = new IntersectionObserver((entries) => setInView(entries.some((e) => e.isIntersecting)), { rootMargin: margin });
    io.observe(el);
    return () => io.disconnect();
  }, [ref, margin]);
  return inView;
}
