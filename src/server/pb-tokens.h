/* pb-tokens.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "pb-storage.h"

G_BEGIN_DECLS

typedef struct _PbTokens PbTokens;

PbTokens *pb_tokens_new_from_storage (PbStorage   *storage,
                                      GError     **error);
void      pb_tokens_free             (PbTokens    *self);
char     *pb_tokens_issue_access     (PbTokens    *self,
                                      const char  *user_id,
                                      gint64       expires_at);
char     *pb_tokens_verify_access    (PbTokens    *self,
                                      const char  *token,
                                      gint64       now);
char     *pb_tokens_new_refresh      (void);
char     *pb_tokens_hash_refresh     (const char  *token);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PbTokens, pb_tokens_free)

G_END_DECLS
