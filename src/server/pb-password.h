/* pb-password.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define PB_PASSWORD_ERROR (pb_password_error_quark ())

typedef enum
{
  PB_PASSWORD_ERROR_WEAK,
  PB_PASSWORD_ERROR_FAILED,
} PbPasswordError;

GQuark    pb_password_error_quark (void);
gboolean  pb_password_check_rule  (const char  *password,
                                   GError     **error);
char     *pb_password_hash        (const char  *password,
                                   gboolean     fast,
                                   GError     **error);
gboolean  pb_password_verify      (const char  *hash,
                                   const char  *password);

G_END_DECLS
