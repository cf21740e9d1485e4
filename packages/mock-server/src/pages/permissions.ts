/** What each permission lets an app do, in the words a person reads on the consent page. */
const PERMISSION_LABELS: Record<string, string> = {
  getUserProfile: 'See your profile: name and avatar',
  listWorkspace: 'See the list of your workspaces',
  listBot: 'See the list of your bots',
  chat: 'Chat with your published bots',
  conversation: 'Create, read and clear your conversations',
  message: 'Write, read, change and delete messages in your conversations',
  file: 'Upload files and read their details',
};

/**
 * The consent page's sentence for a permission; unknown names (from a config file) are shown as they are.
 *
 * @example
 * describePermission('listWorkspace'); // 'See the list of your workspaces'
 */
export function describePermission(permission: string): string {
  return PERMISSION_LABELS[permission] ?? permission;
}
