import { useEffect, useState } from 'react'

/**
 * A hash route ("#/jobs/J-1042"), so Back and Forward work the same in Electron and in a
 * browser, and a screen can be linked to (screenshots, "Open job" from a notification).
 */
export type Route =
  | { screen: 'inbox' }
  | { screen: 'job'; jobId: string }
  | { screen: 'approvals' }
  | { screen: 'dispatch'; jobId?: string; tab?: 'job' | 'import' }
  | { screen: 'exports' }
  | { screen: 'dashboard' }
  | { screen: 'settings'; section?: string }

export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').map(decodeURIComponent)
  switch (parts[0]) {
    case 'jobs':
      return parts[1] ? { screen: 'job', jobId: parts[1] } : { screen: 'inbox' }
    case 'approvals':
      return { screen: 'approvals' }
    case 'dispatch':
      if (parts[1] === 'import') return { screen: 'dispatch', tab: 'import' }
      return parts[1] ? { screen: 'dispatch', jobId: parts[1], tab: 'job' } : { screen: 'dispatch', tab: 'job' }
    case 'exports':
      return { screen: 'exports' }
    case 'dashboard':
      return { screen: 'dashboard' }
    case 'settings':
      return parts[1] ? { screen: 'settings', section: parts[1] } : { screen: 'settings' }
    default:
      return { screen: 'inbox' }
  }
}

export function routeHref(route: Route): string {
  switch (route.screen) {
    case 'job':
      return `#/jobs/${encodeURIComponent(route.jobId)}`
    case 'dispatch':
      return route.tab === 'import'
        ? '#/dispatch/import'
        : route.jobId
          ? `#/dispatch/${encodeURIComponent(route.jobId)}`
          : '#/dispatch'
    case 'settings':
      return route.section ? `#/settings/${route.section}` : '#/settings'
    default:
      return `#/${route.screen}`
  }
}

export function navigate(route: Route): void {
  window.location.hash = routeHref(route)
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash))
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(window.location.hash))
    window.addEventListener('hashchange', onChange)
    return () => window.removeEventListener('hashchange', onChange)
  }, [])
  return route
}
