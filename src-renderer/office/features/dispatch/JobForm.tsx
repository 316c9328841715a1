import { Alert, Button, Grid, Group, Paper, Select, Stack, Text, Textarea, TextInput, Title } from '@mantine/core'
import { useEffect, useState } from 'react'
import type { DispatchOptions, JobForm as JobFormData } from '../../../../src-shared/api/dispatch'
import { call } from '../../app/api'
import { navigate } from '../../app/router'
import { outcomeLine, topField, useMutation } from '../../app/use-mutation'
import { EstimateEditor, fromEstimate, toEstimate, type EstimateRow } from './EstimateEditor'
import { isMoneyText } from '../../../../src-shared/domain/money'
import { OutcomeAlert } from '../../components/FailureAlert'

interface Values {
  customerId: string | null
  siteAddress: string
  jobTypeId: string | null
  technicianId: string | null
  scheduled: string
  poNumber: string
  notToExceed: string
  description: string
  estimate: EstimateRow[]
  /** New jobs only: a number the clerk gives (e.g. one a technician already used); empty: the next free one. */
  number: string
}

const EMPTY: Values = {
  number: '',
  customerId: null,
  siteAddress: '',
  jobTypeId: null,
  technicianId: null,
  scheduled: '',
  poNumber: '',
  notToExceed: '',
  description: '',
  estimate: [],
}

/** "2026-12-03T09:00" (a datetime-local value) -> RFC 3339 with this computer's offset. */
export function localToIso(value: string): string | null {
  if (!value) return null
  const d = new Date(value)
  if (Number.isNaN(d.getTime())) return null
  const off = -d.getTimezoneOffset()
  const pad = (n: number) => String(Math.trunc(Math.abs(n))).padStart(2, '0')
  return `${value.length === 16 ? `${value}:00` : value}${off >= 0 ? '+' : '-'}${pad(off / 60)}:${pad(off % 60)}`
}

/** RFC 3339 -> the datetime-local value in this computer's time zone. */
export function isoToLocal(iso: string | null): string {
  if (!iso) return ''
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return ''
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`
}

function fromForm(f: JobFormData): Values {
  return {
    number: f.id,
    customerId: f.customerId,
    siteAddress: f.siteAddress,
    jobTypeId: f.jobTypeId,
    technicianId: f.technicianId,
    scheduled: isoToLocal(f.scheduledFor),
    poNumber: f.poNumber ?? '',
    notToExceed: f.notToExceed ?? '',
    description: f.description,
    estimate: fromEstimate(f.estimate),
  }
}

/** Create a job, or edit one; the server says which fields a job's status still allows. */
export function JobForm({ jobId, options }: { jobId: string | null; options: DispatchOptions | undefined }) {
  const [values, setValues] = useState<Values>(EMPTY)
  const [form, setForm] = useState<JobFormData | null>(null)
  // The form's own checks first; then the server's, by field (`estimate[2].price` is said under the estimate).
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({})
  const [done, setDone] = useState<string | null>(null)
  const mutation = useMutation({ fieldOf: topField })
  const { run } = mutation
  const errors = { ...localErrors, ...mutation.fieldErrors }
  const message = outcomeLine(mutation.error, done)
  const busy = mutation.busy

  useEffect(() => {
    if (!jobId) return
    void run(() => call('jobs.form', { id: jobId })).then((r) => {
      if (!r.ok) return
      setForm(r.value)
      setValues(fromForm(r.value))
    })
  }, [jobId, run])

  const set = (patch: Partial<Values>) => setValues((v) => ({ ...v, ...patch }))
  const locked = form?.locked ?? null
  const onlyPaperwork = locked !== null

  const submit = async () => {
    const local: Record<string, string> = {}
    if (!values.customerId) local.customerId = 'Choose a customer'
    if (!values.jobTypeId) local.jobTypeId = 'Choose a job type'
    if (!values.siteAddress.trim()) local.siteAddress = 'Enter the site address'
    if (values.notToExceed && !isMoneyText(values.notToExceed)) local.notToExceed = 'An amount like 450 or 450.00'
    if (!jobId && values.number.trim() && !/^[A-Za-z0-9._-]{1,64}$/.test(values.number.trim()))
      local.id = 'Letters, digits, ".", "_" or "-", like J-1064'
    setLocalErrors(local)
    if (Object.keys(local).length) return mutation.clear()
    const fields = {
      customerId: values.customerId!,
      siteAddress: values.siteAddress.trim(),
      jobTypeId: values.jobTypeId!,
      technicianId: values.technicianId,
      scheduledFor: localToIso(values.scheduled),
      poNumber: values.poNumber.trim() || null,
      notToExceed: values.notToExceed || null,
      description: values.description,
      estimate: toEstimate(values.estimate),
    }
    setDone(null)
    if (jobId) {
      const r = await run(() =>
        call(
          'jobs.update',
          onlyPaperwork
            ? { id: jobId, poNumber: fields.poNumber, notToExceed: fields.notToExceed, description: fields.description }
            : { id: jobId, ...fields },
        ),
      )
      if (!r.ok) return
      setForm(r.value)
      setDone(`${jobId} saved.`)
    } else {
      const number = values.number.trim()
      const r = await run(() => call('jobs.create', number ? { ...fields, id: number } : fields))
      if (!r.ok) return
      setValues(EMPTY)
      setDone(`${r.value.id} created and scheduled.`)
      navigate({ screen: 'job', jobId: r.value.id })
    }
  }

  const customer = options?.customers.find((c) => c.id === values.customerId)
  return (
    <Paper withBorder shadow="xs" p="lg">
      <form
        onSubmit={(e) => {
          e.preventDefault()
          void submit()
        }}
        aria-label={jobId ? `Edit job ${jobId}` : 'New job'}
        // The fields keep their required marks, but the messages are the app's own (submit checks them).
        noValidate
      >
        <Stack gap="md">
          <Title order={2} fz="lg">
            {jobId ? `Edit ${jobId}` : 'New job'}
          </Title>
          {locked ? (
            <Alert color="blue" variant="light">
              {locked}
            </Alert>
          ) : null}
          <Grid gap="md">
            {jobId ? null : (
              <Grid.Col span={12}>
                <TextInput
                  label="Job number"
                  description="Leave empty for the next free number. Give the number a technician already used to take in their closeout."
                  placeholder="Next free number"
                  value={values.number}
                  onChange={(e) => set({ number: e.currentTarget.value })}
                  error={errors.id}
                  maw={360}
                />
              </Grid.Col>
            )}
            <Grid.Col span={6}>
              <Select
                label="Customer"
                placeholder="Search customers"
                data={(options?.customers ?? []).map((c) => ({ value: c.id, label: c.name }))}
                value={values.customerId}
                onChange={(v) => {
                  const address = options?.customers.find((c) => c.id === v)?.address ?? ''
                  set({
                    customerId: v,
                    ...(values.siteAddress === '' || values.siteAddress === customer?.address
                      ? { siteAddress: address }
                      : {}),
                  })
                }}
                searchable
                required
                nothingFoundMessage="No customer by that name (import customers from CSV)"
                error={errors.customerId}
                disabled={onlyPaperwork}
              />
            </Grid.Col>
            <Grid.Col span={6}>
              <TextInput
                label="Site address"
                value={values.siteAddress}
                onChange={(e) => set({ siteAddress: e.currentTarget.value })}
                required
                error={errors.siteAddress}
                disabled={onlyPaperwork}
              />
            </Grid.Col>
            <Grid.Col span={4}>
              <Select
                label="Job type"
                placeholder="Choose"
                data={(options?.jobTypes ?? []).map((t) => ({ value: t.id, label: t.name }))}
                value={values.jobTypeId}
                onChange={(v) => set({ jobTypeId: v })}
                required
                error={errors.jobTypeId}
                disabled={onlyPaperwork}
              />
            </Grid.Col>
            <Grid.Col span={4}>
              <Select
                label="Technician"
                placeholder="Unassigned"
                data={(options?.technicians ?? [])
                  .filter((t) => t.active || t.id === values.technicianId)
                  .map((t) => ({ value: t.id, label: t.name }))}
                value={values.technicianId}
                onChange={(v) => set({ technicianId: v })}
                clearable
                error={errors.technicianId}
                disabled={onlyPaperwork}
              />
            </Grid.Col>
            <Grid.Col span={4}>
              <TextInput
                label="Scheduled"
                type="datetime-local"
                value={values.scheduled}
                onChange={(e) => set({ scheduled: e.currentTarget.value })}
                error={errors.scheduledFor}
                disabled={onlyPaperwork}
              />
            </Grid.Col>
            <Grid.Col span={4}>
              <TextInput
                label="PO number"
                value={values.poNumber}
                onChange={(e) => set({ poNumber: e.currentTarget.value })}
                error={errors.poNumber}
              />
            </Grid.Col>
            <Grid.Col span={4}>
              <TextInput
                label="Not to exceed"
                placeholder="No limit"
                inputMode="decimal"
                value={values.notToExceed}
                onChange={(e) => set({ notToExceed: e.currentTarget.value.trim() })}
                error={errors.notToExceed}
                leftSection={
                  <Text size="sm" c="dimmed">
                    {options?.currency === 'USD' ? '$' : ''}
                  </Text>
                }
              />
            </Grid.Col>
            <Grid.Col span={12}>
              <Textarea
                label="Notes for the technician"
                autosize
                minRows={2}
                maxRows={6}
                value={values.description}
                onChange={(e) => set({ description: e.currentTarget.value })}
                error={errors.description}
              />
            </Grid.Col>
          </Grid>
          <Stack gap={6}>
            <Text fw={600} size="sm">
              Estimate
            </Text>
            <EstimateEditor
              rows={values.estimate}
              onChange={(estimate) => set({ estimate })}
              options={options}
              disabled={onlyPaperwork}
            />
            {errors.estimate ? (
              <Text size="sm" c="red.8">
                {errors.estimate}
              </Text>
            ) : null}
          </Stack>
          <OutcomeAlert line={message} />
          <Group justify="flex-end">
            {jobId ? (
              <Button variant="default" component="a" href={`#/jobs/${encodeURIComponent(jobId)}`}>
                Open job
              </Button>
            ) : null}
            <Button type="submit" loading={busy}>
              {jobId ? 'Save changes' : 'Create job'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  )
}
