import { Button, Group, Modal, Radio, Select, Stack, Text, TextInput } from '@mantine/core'
import { useState } from 'react'
import { call } from '../../app/api'
import { topField, useMutation } from '../../app/use-mutation'
import { useQuery } from '../../app/use-query'
import { FailureAlert } from '../../components/FailureAlert'

/**
 * Makes the job a closeout named (a number the office never dispatched) a real job: its customer
 * (picked, or created here), job type and site. The closeout keeps its number; the rules run.
 */
export function CreateJobDialog({
  jobId,
  siteAddress: initialSite,
  onClose,
  onDone,
}: {
  jobId: string
  siteAddress: string
  onClose: () => void
  onDone: (message: string) => void
}) {
  const options = useQuery(() => call('dispatch.options', {}), [])
  const [mode, setMode] = useState<'existing' | 'new'>('existing')
  const [customerId, setCustomerId] = useState<string | null>(null)
  const [name, setName] = useState('')
  const [address, setAddress] = useState('')
  const [jobTypeId, setJobTypeId] = useState<string | null>(null)
  const [site, setSite] = useState(initialSite)
  const [siteTouched, setSiteTouched] = useState(initialSite !== '')
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({})
  const mutation = useMutation({ fieldOf: topField })
  const errors = Object.keys(localErrors).length ? localErrors : mutation.fieldErrors
  const error = mutation.error?.text ?? null
  const busy = mutation.busy

  // The site follows the customer's address until the clerk types one.
  const follow = (next: string) => {
    if (!siteTouched) setSite(next)
  }

  const submit = async () => {
    const local: Record<string, string> = {}
    if (mode === 'existing' && !customerId) local.customer = 'Choose the customer'
    if (mode === 'new' && !name.trim()) local.name = 'Give the customer a name'
    if (!jobTypeId) local.jobTypeId = 'Choose a job type'
    if (!site.trim()) local.siteAddress = 'Enter the site address'
    setLocalErrors(local)
    if (Object.keys(local).length) return
    const r = await mutation.run(() =>
      call('review.createJob', {
        jobId,
        customer: mode === 'existing' ? { id: customerId! } : { name: name.trim(), address: address.trim() },
        jobTypeId: jobTypeId!,
        siteAddress: site.trim(),
      }),
    )
    if (r.ok) onDone(`${jobId} created from its closeout: it is now ${r.value.status.replace('-', ' ')}.`)
  }

  return (
    <Modal opened onClose={onClose} title={<Text fw={650}>{`Create job ${jobId} from its closeout`}</Text>} size="lg">
      <form
        onSubmit={(e) => {
          e.preventDefault()
          void submit()
        }}
      >
        <Stack>
          <Radio.Group
            label="Customer"
            value={mode}
            onChange={(v) => setMode(v === 'new' ? 'new' : 'existing')}
            error={errors.customer}
          >
            <Group mt={4}>
              <Radio value="existing" label="Existing customer" />
              <Radio value="new" label="New customer" />
            </Group>
          </Radio.Group>
          {mode === 'existing' ? (
            <Select
              label="Customer name"
              placeholder="Search customers"
              data={(options.data?.customers ?? []).map((c) => ({ value: c.id, label: c.name }))}
              value={customerId}
              onChange={(v) => {
                setCustomerId(v)
                follow(options.data?.customers.find((c) => c.id === v)?.address ?? '')
              }}
              searchable
              allowDeselect={false}
              error={errors.customer}
            />
          ) : (
            <Group grow align="flex-start">
              <TextInput
                label="Customer name"
                value={name}
                onChange={(e) => setName(e.currentTarget.value)}
                error={errors.name}
                required
              />
              <TextInput
                label="Customer address"
                value={address}
                onChange={(e) => {
                  setAddress(e.currentTarget.value)
                  follow(e.currentTarget.value)
                }}
              />
            </Group>
          )}
          <Group grow align="flex-start">
            <Select
              label="Job type"
              placeholder="Choose"
              data={(options.data?.jobTypes ?? []).map((t) => ({ value: t.id, label: t.name }))}
              value={jobTypeId}
              onChange={setJobTypeId}
              allowDeselect={false}
              error={errors.jobTypeId}
              required
            />
            <TextInput
              label="Site address"
              value={site}
              onChange={(e) => {
                setSite(e.currentTarget.value)
                setSiteTouched(true)
              }}
              error={errors.siteAddress}
              required
            />
          </Group>
          <FailureAlert text={error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={busy}>
              {`Create job ${jobId}`}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  )
}
