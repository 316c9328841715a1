import {
  createTheme,
  darken,
  defaultVariantColorsResolver,
  parseThemeColor,
  type CSSVariablesResolver,
  type MantineColorsTuple,
  type VariantColorsResolver,
} from '@mantine/core'

/** A deep teal: white text on shade 6 and up stays above 4.5:1 (WCAG AA). */
const brand: MantineColorsTuple = [
  '#f0fdfa',
  '#ccfbf1',
  '#99f6e4',
  '#5eead4',
  '#2dd4bf',
  '#14b8a6',
  '#0f766e',
  '#115e59',
  '#134e4a',
  '#0f3d3a',
]

/**
 * Mantine's light variants put shade-6 text on a pale tint, which fails contrast for yellow,
 * orange and green; every light badge and button here uses a darkened shade 9 instead.
 */
const variantColorResolver: VariantColorsResolver = (input) => {
  const base = defaultVariantColorsResolver(input)
  if (input.variant !== 'light' && input.variant !== 'outline') return base
  const parsed = parseThemeColor({ color: input.color ?? input.theme.primaryColor, theme: input.theme })
  if (!parsed.isThemeColor || parsed.color === 'dark') return base
  const shades = input.theme.colors[parsed.color]
  if (!shades) return base
  if (input.variant === 'outline')
    return { ...base, color: shades[9], border: `1px solid ${shades[parsed.color === 'gray' ? 5 : 7]}` }
  if (parsed.color === 'gray') return { ...base, color: shades[8], hoverColor: shades[8] }
  return { ...base, color: darken(shades[9], 0.3), hoverColor: darken(shades[9], 0.3) }
}

/** Dimmed and error text darker than Mantine's defaults (gray-6, red-6), which are below 4.5:1 on white. */
export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: { '--mantine-color-dimmed': '#5c6670', '--mantine-color-error': '#c92a2a' },
  dark: {},
})

/**
 * A dialog's or drawer's title bar is a <header>: without this, a screen reader's landmarks list
 * shows a second banner beside the office's own while one is open.
 */
const titleBarIsNoLandmark = { header: { role: 'presentation' } }

/** One visual language for every screen: calm neutrals, one accent, generous spacing. */
export const theme = createTheme({
  colors: { brand },
  primaryColor: 'brand',
  primaryShade: 6,
  defaultRadius: 'md',
  fontFamily: 'Inter, "Segoe UI", system-ui, -apple-system, Roboto, "Helvetica Neue", Arial, sans-serif',
  headings: { fontWeight: '650' },
  variantColorResolver,
  // A system set to reduce motion gets dialogs and menus that appear at once, without a fade.
  respectReducedMotion: true,
  components: {
    Paper: { defaultProps: { radius: 'md' } },
    Modal: { defaultProps: { closeButtonProps: { 'aria-label': 'Close' }, attributes: titleBarIsNoLandmark } },
    Drawer: { defaultProps: { attributes: titleBarIsNoLandmark } },
    Alert: { defaultProps: { closeButtonLabel: 'Dismiss' } },
    Badge: {
      defaultProps: { radius: 'sm' },
      styles: { root: { textTransform: 'none', fontWeight: 600, letterSpacing: 0 } },
    },
  },
})
