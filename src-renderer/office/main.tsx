import '@mantine/core/styles.css'
import { MantineProvider } from '@mantine/core'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './app/App'
import { SessionGate } from './app/session'
import { cssVariablesResolver, theme } from './app/theme'

const root = document.getElementById('root')
if (!root) throw new Error('index.html has no #root')
createRoot(root).render(
  <StrictMode>
    <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver}>
      <SessionGate>
        <App />
      </SessionGate>
    </MantineProvider>
  </StrictMode>,
)
