import { Checkbox, Group, MultiSelect, SimpleGrid, Switch, TextInput } from '@mantine/core'
import { useState } from 'react'
import type { SettingsView } from '../../../../src-shared/api/settings'
import { SectionCard } from './SectionCard'
import { useSectionSave } from './use-section-save'

/** When a closeout needs a supervisor instead of going straight to invoice-ready. */
export function PolicySection({ settings, onSaved }: { settings: SettingsView; onSaved: (v: SettingsView) => void }) {
  const [policy, setPolicy] = useState(settings.approvalPolicy)
  const [second, setSecond] = useState(policy.secondApprovalOver !== null)
  const { busy, message, fieldErrors, save, confirm } = useSectionSave(onSaved)
  const set = (patch: Partial<typeof policy>) => setPolicy((p) => ({ ...p, ...patch }))
  const err = (f: string) => fieldErrors[`approvalPolicy.${f}`]
  return (
    <SectionCard
      title="Approval policy"
      description="Only exceptions reach a supervisor. Everything else becomes invoice-ready on its own."
      onSave={() =>
        void save({
          section: 'approvalPolicy',
          approvalPolicy: { ...policy, secondApprovalOver: second ? policy.secondApprovalOver || '0' : null },
        })
      }
      admin={confirm}
      busy={busy}
      message={message}
    >
      <SimpleGrid cols={3}>
        <TextInput
          label="Discount needs approval above (%)"
          value={policy.discountPercentOver}
          onChange={(e) => set({ discountPercentOver: e.currentTarget.value.trim() })}
          error={err('discountPercentOver')}
        />
        <TextInput
          label="Overtime needs approval above (hours)"
          value={policy.overtimeHoursOver}
          onChange={(e) => set({ overtimeHoursOver: e.currentTarget.value.trim() })}
          error={err('overtimeHoursOver')}
        />
        <TextInput
          label="Parts over the estimate by more than (%)"
          value={policy.partsOverEstimatePercent}
          onChange={(e) => set({ partsOverEstimatePercent: e.currentTarget.value.trim() })}
          error={err('partsOverEstimatePercent')}
        />
        <TextInput
          label="Work below the estimate by more than (%)"
          description="Under-billing: the work before tax against the estimate"
          value={policy.belowEstimatePercent}
          onChange={(e) => set({ belowEstimatePercent: e.currentTarget.value.trim() })}
          error={err('belowEstimatePercent')}
        />
      </SimpleGrid>
      <Group>
        <Checkbox
          label="A missing signature needs approval"
          checked={policy.signatureExceptionNeedsApproval}
          onChange={(e) => set({ signatureExceptionNeedsApproval: e.currentTarget.checked })}
        />
        <Checkbox
          label="Warranty claims need approval"
          checked={policy.warrantyNeedsApproval}
          onChange={(e) => set({ warrantyNeedsApproval: e.currentTarget.checked })}
        />
        <Checkbox
          label="Credits (negative lines) need approval"
          checked={policy.creditsNeedApproval}
          onChange={(e) => set({ creditsNeedApproval: e.currentTarget.checked })}
        />
      </Group>
      <MultiSelect
        label="Who may approve"
        data={[
          { value: 'supervisor', label: 'Supervisors' },
          { value: 'admin', label: 'Admins' },
          { value: 'billing', label: 'Billing clerks' },
        ]}
        value={policy.approverRoles}
        onChange={(v) => set({ approverRoles: v as typeof policy.approverRoles })}
        error={err('approverRoles')}
        w={420}
      />
      <Group align="flex-end">
        <Switch
          label="A second approver above a total of"
          checked={second}
          onChange={(e) => setSecond(e.currentTarget.checked)}
        />
        <TextInput
          aria-label="Second approval above this total"
          value={policy.secondApprovalOver ?? ''}
          disabled={!second}
          placeholder="5000.00"
          onChange={(e) => set({ secondApprovalOver: e.currentTarget.value.trim() })}
          error={err('secondApprovalOver')}
          w={160}
        />
      </Group>
    </SectionCard>
  )
}
