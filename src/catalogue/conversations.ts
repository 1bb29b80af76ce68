import { trustedCatalogue } from './define.js'

const basic = [
  'contact-center/conversations/view',
  'contact-center/conversations/work-assigned',
  'contact-center/conversations/manage-all',
] as const

/** The built-in catalogue as written; `conversations` is built from it without the validator. */
export const definition = {
  id: 'conversations',
  name: 'Conversations',
  version: '1.0.0',
  permissions: {
    'contact-center/conversations/view': {
      name: 'View conversations',
      description: 'Read conversations and be added to queues as a viewer, without interacting.',
      group: 'basic-access',
      seat: false,
      reach: 'queue',
    },
    'contact-center/conversations/work-assigned': {
      name: 'Work on assigned conversations',
      description: 'Answer and resolve the conversations assigned to the user.',
      group: 'basic-access',
      reach: 'assigned',
    },
    'contact-center/conversations/manage-all': {
      name: 'Manage all conversations',
      description: 'Open, answer and resolve any conversation in the contact center.',
      group: 'basic-access',
      reach: 'all',
    },
    'conversations/allow-assignment': {
      name: 'Assign conversations',
      description: 'Receive conversations from queues and assign them to others.',
      group: 'my-work',
      requires: basic,
    },
    'conversations/my-work/download-conversation': {
      name: 'Download conversations',
      description: 'Download a conversation transcript with its attachments.',
      group: 'my-work',
      requires: basic,
    },
    'conversations/my-work/transfer': {
      name: 'Transfer conversations',
      description: 'Hand a conversation over to another agent or queue.',
      group: 'my-work',
      requires: basic,
    },
    'conversations/my-work/internal-notes': {
      name: 'Add internal notes',
      description: 'Write notes on a conversation that only colleagues can see.',
      group: 'my-work',
      requires: basic,
    },
    'conversations/my-work/tags': {
      name: 'Tag conversations',
      description: 'Add and remove tags on conversations.',
      group: 'my-work',
      requires: basic,
    },
    'conversations/my-work/outbound': {
      name: 'Start outbound conversations',
      description: 'Start a new call, message or email to a customer.',
      group: 'my-work',
      requires: basic,
    },
    'conversations/my-work/customer-profile': {
      name: 'View and edit customer profiles',
      description: 'Read and change the profile of the customer in a conversation.',
      group: 'my-work',
      requires: basic,
    },
    'conversations/my-work/recordings': {
      name: 'Play call recordings',
      description: 'Listen to the recordings of past calls.',
      group: 'my-work',
      requires: basic,
    },
    'conversations/supervision/reassign': {
      name: 'Reassign conversations',
      description: "Move conversations from one agent's queue to another's.",
      group: 'supervision',
      requires: basic,
    },
    'conversations/supervision/agent-status': {
      name: 'Change agent status',
      description: 'Set agents available, busy or offline on their behalf.',
      group: 'supervision',
      requires: basic,
    },
    'conversations/supervision/live-monitoring': {
      name: 'Monitor live calls',
      description: 'Listen in on calls while they happen.',
      group: 'supervision',
      requires: basic,
    },
    'conversations/setup/queues': {
      name: 'Manage queues',
      description: 'Create queues and choose who works in them.',
      group: 'setup',
    },
    'conversations/setup/routing': {
      name: 'Manage routing',
      description: 'Decide which queue and agent receive each incoming conversation.',
      group: 'setup',
    },
    'conversations/setup/automations': {
      name: 'Manage automations',
      description: 'Create rules that act on conversations automatically.',
      group: 'setup',
    },
    'conversations/setup/templates': {
      name: 'Manage templates and canned responses',
      description: 'Write the reply templates and canned responses agents use.',
      group: 'setup',
    },
    'conversations/setup/forms': {
      name: 'Manage conversation forms',
      description: 'Define the forms agents fill in on a conversation.',
      group: 'setup',
    },
    'conversations/setup/tags': {
      name: 'Manage tags',
      description: 'Create, rename and delete the tags available to agents.',
      group: 'setup',
    },
    'conversations/setup/working-hours': {
      name: 'Manage working hours',
      description: 'Set the opening hours and holidays of the contact center.',
      group: 'setup',
    },
    'conversations/setup/agents': {
      name: 'Manage agent settings',
      description: 'Change the settings and capacity of individual agents.',
      group: 'setup',
    },
    'conversations/setup/settings': {
      name: 'Manage system settings',
      description: 'Change the settings that apply to the whole contact center.',
      group: 'setup',
    },
    'conversations/analytics/dashboards': {
      name: 'View dashboards',
      description: 'See live and historical dashboards of contact center activity.',
      group: 'analytics',
    },
    'conversations/analytics/reports': {
      name: 'Create and schedule reports',
      description: 'Build reports and have them sent on a schedule.',
      group: 'analytics',
    },
    'conversations/analytics/data-exchange': {
      name: 'Exchange data with other systems',
      description: 'Export conversation data to other systems and import data from them.',
      group: 'analytics',
    },
  },
  roles: {
    setup: {
      name: 'Conversations setup',
      description: 'Configures queues, routing, automations and settings.',
      permissions: [
        'conversations/setup/queues',
        'conversations/setup/routing',
        'conversations/setup/automations',
        'conversations/setup/templates',
        'conversations/setup/forms',
        'conversations/setup/tags',
        'conversations/setup/working-hours',
        'conversations/setup/agents',
        'conversations/setup/settings',
      ],
    },
    agent: {
      name: 'Agent for Conversations',
      description: 'Works on the conversations assigned to them.',
      permissions: [
        'contact-center/conversations/view',
        'contact-center/conversations/work-assigned',
        'conversations/allow-assignment',
        'conversations/my-work/transfer',
        'conversations/my-work/internal-notes',
        'conversations/my-work/tags',
        'conversations/my-work/outbound',
        'conversations/my-work/customer-profile',
      ],
    },
    analytics: {
      name: 'Analytics for Conversations',
      description: 'Reads dashboards, builds reports and exchanges data.',
      permissions: [
        'conversations/analytics/dashboards',
        'conversations/analytics/reports',
        'conversations/analytics/data-exchange',
      ],
    },
    supervisor: {
      name: 'Supervisor for Conversations',
      description: 'Does everything an agent does, and oversees all conversations and agents.',
      permissions: [
        ...basic,
        'conversations/allow-assignment',
        'conversations/my-work/download-conversation',
        'conversations/my-work/transfer',
        'conversations/my-work/internal-notes',
        'conversations/my-work/tags',
        'conversations/my-work/outbound',
        'conversations/my-work/customer-profile',
        'conversations/my-work/recordings',
        'conversations/supervision/reassign',
        'conversations/supervision/agent-status',
        'conversations/supervision/live-monitoring',
      ],
    },
    viewer: {
      name: 'Viewer for Conversations',
      description: 'Views conversations without a seat and without interacting.',
      permissions: ['contact-center/conversations/view'],
    },
  },
  exclusive: [{ roles: ['agent', 'supervisor'], reason: 'Supervisor already includes every Agent permission.' }],
  capacity: ['contact-center/conversations/work-assigned', 'contact-center/conversations/manage-all'],
} as const

/**
 * The built-in catalogue: the "Conversations" product of a contact center, with 26
 * permissions, five default roles (setup, agent, analytics, supervisor, viewer), the
 * Agent × Supervisor exclusive pair and the capacity permissions (SPEC section 2).
 *
 * @example
 * ```ts
 * import { conversations, createPolicy } from 'seatguard'
 * const policy = createPolicy(conversations)
 * policy.can({ id: 'ana', roles: ['agent'], seat: true }, 'conversations/allow-assignment') // true
 * ```
 */
export const conversations = /* @__PURE__ */ trustedCatalogue(definition)
