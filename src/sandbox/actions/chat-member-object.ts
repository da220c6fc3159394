import { BotUser, MemberStatus } from '../bot-api/bot-api.types';

// The ChatMember subtype for each status, with the fields the Bot API requires of it.
export function chatMemberObject(user: BotUser, status: MemberStatus, isChannel = false): Record<string, unknown> {
  switch (status) {
    case 'creator':
      return { user, status, is_anonymous: false };
    case 'administrator':
      return {
        user,
        status,
        can_be_edited: false,
        is_anonymous: false,
        can_manage_chat: true,
        can_delete_messages: true,
        can_manage_video_chats: true,
        can_restrict_members: true,
        can_promote_members: false,
        can_change_info: true,
        can_invite_users: true,
        can_post_stories: false,
        can_edit_stories: false,
        can_delete_stories: false,
        ...(isChannel ? { can_post_messages: true, can_edit_messages: true } : { can_pin_messages: true }),
      };
    case 'kicked':
      return { user, status, until_date: 0 };
    default:
      return { user, status };
  }
}
