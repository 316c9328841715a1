import { expect, test, type Page } from '@playwright/test'
import { phoneWithOffice } from './techform-harness'

const office = phoneWithOffice()

async function signInEs(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Sam Ortiz' }).tap()
  for (const digit of '4321') await page.getByRole('button', { name: digit, exact: true }).tap()
  await page.getByRole('button', { name: 'Entrar' }).tap()
  await expect(page.getByRole('heading', { name: 'Mis trabajos' })).toBeVisible()
}

test.describe('a phone set to Spanish', () => {
  test.use({ locale: 'es-US' })

  test('the form speaks Spanish from the first screen, through the wizard', async ({ page }) => {
    const h = office()
    await page.goto(h.base)
    await expect(page.getByRole('heading', { name: '¿Quién cierra el trabajo?' })).toBeVisible()
    await expect(page.locator('html')).toHaveAttribute('lang', 'es')
    await expect(page.getByRole('button', { name: 'Español' })).toHaveAttribute('aria-pressed', 'true')
    await signInEs(page)
    await expect(page.getByRole('heading', { name: 'Por cerrar' })).toBeVisible()
    await page.getByTestId('job-J-1057').tap()
    await expect(page.getByText('¿Qué hizo? Una tarea por línea')).toBeVisible()
    await expect(page.getByRole('button', { name: 'Enviar', exact: true })).toBeVisible()
    await expect(page.getByText(/^Faltan \d+ cosas$/)).toBeVisible()
    await page.getByRole('button', { name: /^Paso 2: Líneas/ }).tap()
    await expect(page.getByRole('button', { name: /^En el presupuesto/ })).toBeVisible()
    await expect(page.getByRole('button', { name: 'Como se estimó' }).first()).toBeVisible()
    await page.getByRole('button', { name: /^Mano de obra/ }).tap()
    await expect(page.getByRole('button', { name: 'Más: Horas, línea de mano de obra 1' })).toBeVisible()
    await expect(page.getByRole('button', { name: 'Agregar pieza' })).toBeVisible()
    await expect(page.getByRole('button', { name: /^Equipo y precio/ })).toBeVisible()
    await page.getByRole('button', { name: /^Paso 3: Fotos/ }).tap()
    await expect(page.getByText('Antes', { exact: true })).toBeVisible()
    await page.getByRole('button', { name: /^Paso 4: Firma/ }).tap()
    await expect(page.getByRole('heading', { name: 'Firma del cliente' })).toBeVisible()
    await expect(page.getByPlaceholder('Nombre completo')).toBeVisible()
    // Send on an unready closeout: the phone's own reasons are in Spanish too.
    await page.getByRole('button', { name: 'Enviar', exact: true }).tap({ force: true })
    await expect(page.getByRole('heading', { name: 'Antes de enviar' })).toBeVisible()
    await expect(page.getByTestId('blocking')).toContainText(
      'Línea de mano de obra 1: escriba las horas, por ejemplo 1.5',
    )
    await expect(page.getByText('Firma del cliente (o un motivo)')).toBeVisible()
  })
})

test('an English phone loads no Spanish until asked; the switch on the sign-in screen is remembered', async ({
  page,
}) => {
  const h = office()
  const spanish: string[] = []
  page.on('request', (r) => {
    if (/\/assets\/es-[^/]*\.js$/.test(r.url())) spanish.push(r.url())
  })
  await page.goto(h.base)
  await expect(page.getByRole('heading', { name: 'Who is closing out?' })).toBeVisible()
  expect(spanish).toEqual([])
  await page.getByRole('button', { name: 'Español' }).tap()
  await expect(page.getByRole('heading', { name: '¿Quién cierra el trabajo?' })).toBeVisible()
  expect(spanish).toHaveLength(1)
  await page.reload()
  await expect(page.getByRole('heading', { name: '¿Quién cierra el trabajo?' })).toBeVisible()
  await signInEs(page)
  // The office's own texts are not the form's: the job's data stays as the office wrote it.
  await expect(page.getByTestId('job-J-1057')).toContainText('Oak Park Public Library')
  await page.getByRole('button', { name: 'Cerrar sesión' }).tap()
  // Signed out, the phone offers the last technician's PIN pad: switched back, it is English again.
  await expect(page.getByText('Escriba su PIN')).toBeVisible()
  await page.getByRole('button', { name: 'English' }).tap()
  await expect(page.getByText('Enter your PIN')).toBeVisible()
  await page.reload()
  await expect(page.getByText('Enter your PIN')).toBeVisible()
})
