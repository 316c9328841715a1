import { Button, Checkbox, Group, NumberInput, Paper, Stack, TextInput } from '@mantine/core'
import { useState } from 'react'
import type { SettingsView } from '../../../../src-shared/api/settings'
import { Icon } from '../../components/icons'
import { SectionCard } from './SectionCard'
import { useSectionSave } from './use-section-save'

type JobType = SettingsView['jobTypes'][number]
const PHOTOS = [
  { key: 'before', label: 'Before' },
  { key: 'after', label: 'After' },
  { key: 'serial-plate', label: 'Serial plate' },
] as const

/** What each job type requires before a closeout counts as complete. */
export function JobTypesSection({ settings, onSaved }: { settings: SettingsView; onSaved: (v: SettingsView) => void }) {
  const [types, setTypes] = useState<JobType[]>(settings.jobTypes)
  const known = new Set(settings.jobTypes.map((t) => t.id))
  const { busy, message, fieldErrors, save, confirm } = useSectionSave(onSaved)
  const set = (i: number, patch: Partial<JobType>) =>
    setTypes((ts) => ts.map((t, k) => (k === i ? { ...t, ...patch } : t)))
  const submit = () =>
    void save({
      section: 'jobTypes',
      jobTypes: types.map((t) => ({
        ...t,
        requiredPhotos: Object.fromEntries(Object.entries(t.requiredPhotos).filter(([, n]) => n > 0)),
        laborHoursApprovalOver: t.laborHoursApprovalOver || null,
      })),
    })
  return (
    <SectionCard
      title="Job types and their requirements"
      description="The phone checks these before the technician can send; the office checks them again on arrival."
      onSave={submit}
      admin={confirm}
      busy={busy}
      message={message}
    >
      {/* One block per job type, its fields labelled in place (no wide table): at any width the
          name reads whole and nothing scrolls sideways; where room runs out the fields wrap. */}
      <Stack gap="sm">
        {types.map((t, i) => {
          const who = t.name || `Job type ${i + 1}`
          return (
            <Paper key={i} withBorder radius="sm" p="sm" role="group" aria-label={who} data-job-type={t.id}>
              <Stack gap="xs">
                <Group gap="sm" align="flex-start" wrap="wrap">
                  <TextInput
                    size="xs"
                    label="Name"
                    aria-label={`Job type ${i + 1} name`}
                    value={t.name}
                    onChange={(e) => set(i, { name: e.currentTarget.value })}
                    error={fieldErrors[`jobTypes[${i}].name`]}
                    style={{ flex: '1 1 220px' }}
                  />
                  <TextInput
                    size="xs"
                    label="Id"
                    aria-label={`Job type ${i + 1} id`}
                    title={t.id}
                    value={t.id}
                    disabled={known.has(t.id)}
                    onChange={(e) => set(i, { id: e.currentTarget.value })}
                    error={fieldErrors[`jobTypes[${i}].id`]}
                    style={{ flex: '0 1 130px' }}
                  />
                  <TextInput
                    size="xs"
                    label="Approval above (hours)"
                    aria-label={`${who}: labor hours needing approval`}
                    placeholder="No limit"
                    value={t.laborHoursApprovalOver ?? ''}
                    onChange={(e) => set(i, { laborHoursApprovalOver: e.currentTarget.value.trim() || null })}
                    error={fieldErrors[`jobTypes[${i}].laborHoursApprovalOver`]}
                    style={{ flex: '0 0 170px' }}
                  />
                </Group>
                <Group gap="sm" align="flex-end" wrap="wrap">
                  {PHOTOS.map((p) => (
                    <NumberInput
                      key={p.key}
                      size="xs"
                      w={130}
                      label={`${p.label} photos`}
                      aria-label={`${who}: ${p.label} photos required`}
                      value={t.requiredPhotos[p.key] ?? 0}
                      min={0}
                      max={20}
                      allowDecimal={false}
                      onChange={(v) => set(i, { requiredPhotos: { ...t.requiredPhotos, [p.key]: Number(v) || 0 } })}
                    />
                  ))}
                  <Stack gap={6}>
                    <Checkbox
                      size="sm"
                      label="Serial number required"
                      aria-label={`${who}: serial number required`}
                      checked={t.requireSerialNumber}
                      onChange={(e) => set(i, { requireSerialNumber: e.currentTarget.checked })}
                    />
                    <Checkbox
                      size="sm"
                      label="Signature required"
                      aria-label={`${who}: signature required`}
                      checked={t.requireSignature}
                      onChange={(e) => set(i, { requireSignature: e.currentTarget.checked })}
                    />
                  </Stack>
                </Group>
              </Stack>
            </Paper>
          )
        })}
      </Stack>
      <Group>
        <Button
          size="xs"
          variant="light"
          leftSection={<Icon name="plus" size={14} />}
          onClick={() =>
            setTypes((ts) => [
              ...ts,
              {
                id: '',
                name: '',
                requiredPhotos: {},
                requireSerialNumber: false,
                requireSignature: false,
                laborHoursApprovalOver: null,
              },
            ])
          }
        >
          Add a job type
        </Button>
      </Group>
    </SectionCard>
  )
}
