/* pb-welcome-page.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define PB_TYPE_WELCOME_PAGE (pb_welcome_page_get_type ())

G_DECLARE_FINAL_TYPE (PbWelcomePage, pb_welcome_page, PB, WELCOME_PAGE, AdwBin)

GtkWidget *pb_welcome_page_new                 (void);
void       pb_welcome_page_set_busy            (PbWelcomePage *self,
                                                gboolean       busy);
void       pb_welcome_page_set_preparing_demo  (PbWelcomePage *self,
                                                gboolean       preparing);
void       pb_welcome_page_show_error          (PbWelcomePage *self,
                                                const GError  *error);
void       pb_welcome_page_clear               (PbWelcomePage *self);
char      *pb_welcome_page_describe_error      (const GError  *error);

G_END_DECLS
