import { useMediaQuery } from '@mantine/hooks'

/** Below ~1100 px (a 1024 px laptop) the sidebar folds to icons and the inbox filters into a button. */
export const NARROW_QUERY = '(max-width: 1099px)'

export function useNarrow(): boolean {
  // getInitialValueInEffect false: the first paint already has the right layout (no jump on load).
  return useMediaQuery(NARROW_QUERY, window.matchMedia(NARROW_QUERY).matches, { getInitialValueInEffect: false })
}
