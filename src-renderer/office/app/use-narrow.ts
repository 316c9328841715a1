import { useMediaQuery } from '@mantine/hooks'

/**
 * Below 1200 px (a 1024 px laptop, a 1100 px window) the sidebar folds to icons and the inbox
 * filters into a button: with the labelled sidebar (232 px) the inbox's table would be about 818
 * px wide at 1100 px, too little for whole totals, dates and names beside the findings.
 */
export const NARROW_QUERY = '(max-width: 1199px)'

export function useNarrow(): boolean {
  // getInitialValueInEffect false: the first paint already has the right layout (no jump on load).
  return useMediaQuery(NARROW_QUERY, window.matchMedia(NARROW_QUERY).matches, { getInitialValueInEffect: false })
}

/**
 * Below 1270 px the inbox's filters fold into a "Filters" button (and the sort moves up beside
 * the search box) even where the sidebar keeps its labels: the filters' row (technician 150 +
 * customer 150 + job type 140 + two dates 136 + four gaps 8 + clear 8 + 30, then 16 + sort 150 =
 * 948 px) needs the card's inside, window − sidebar 232 − padding 48 − border 2 − card padding
 * 40, to be at least that wide.
 */
export const FOLDED_FILTERS_QUERY = '(max-width: 1269px)'

export function useFoldedFilters(): boolean {
  return useMediaQuery(FOLDED_FILTERS_QUERY, window.matchMedia(FOLDED_FILTERS_QUERY).matches, {
    getInitialValueInEffect: false,
  })
}
