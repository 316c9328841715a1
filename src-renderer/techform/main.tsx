import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './app'
import './styles.css'
import { loadLanguage, preferredLang } from './i18n'

const root = document.getElementById('root')
// The phone's language first (Spanish is fetched on demand), then the form.
if (root) {
  void loadLanguage(preferredLang()).finally(() =>
    createRoot(root).render(
      <StrictMode>
        <App />
      </StrictMode>,
    ),
  )
}

// The service worker keeps the form's files so a reload with no signal still opens it. Browsers
// only allow it on https or localhost: on a plain-http LAN address there is none (docs/lan-api.md).
if ('serviceWorker' in navigator) {
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('/sw.js').catch((e: unknown) => console.warn('No offline copy of the form:', e))
  })
}
