/* pb-french-names.c
 *
 * The lists mix what a French class looks like today: the names most given
 * to children born between 2008 and 2016, older classics, regional names
 * (Breton, Occitan, Réunionese surnames) and names of families from the
 * Maghreb, West Africa, Portugal, Italy, Turkey, Poland and Vietnam. They
 * keep their accents, ligatures (Dubœuf), hyphens (Marie-Lou, Jean-Baptiste)
 * apostrophes (N'Diaye) and particles (Le Gall, Da Silva): whatever reads
 * these names back — search, sorting, reconciliation — meets them as it
 * will in a real school.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pb-french-names.h"

static const char * const female_first_names[] = {
  "Emma", "Jade", "Louise", "Alice", "Chloé", "Lina", "Léa", "Rose", "Anna",
  "Mila", "Inès", "Ambre", "Julia", "Mia", "Léna", "Manon", "Juliette", "Lou",
  "Zoé", "Camille", "Agathe", "Jeanne", "Lucie", "Eva", "Nina", "Sarah",
  "Romane", "Iris", "Adèle", "Margaux", "Charlotte", "Lola", "Léonie",
  "Victoria", "Clara", "Alix", "Louna", "Mathilde", "Capucine", "Lana",
  "Elena", "Nour", "Margot", "Giulia", "Victoire", "Olivia", "Maëlys",
  "Héloïse", "Apolline", "Thaïs", "Salomé", "Elsa", "Célia", "Constance",
  "Emmy", "Yasmine", "Sofia", "Aya", "Maya", "Assia", "Maryam", "Nora",
  "Kenza", "Imane", "Lyna", "Amira", "Aïcha", "Fatoumata", "Aminata", "Awa",
  "Hawa", "Sirine", "Lila", "Hanaé", "Océane", "Morgane", "Laura", "Pauline",
  "Marine", "Justine", "Mélissa", "Anaïs", "Clémence", "Élise", "Noémie",
  "Maëlle", "Axelle", "Estelle", "Gabrielle", "Valentine", "Hortense",
  "Blanche", "Suzanne", "Marguerite", "Joséphine", "Eugénie", "Gaëlle",
  "Solène", "Nolwenn", "Enora", "Louane", "Lilou", "Clémentine", "Bérénice",
  "Cassandre", "Flavie", "Inaya", "Léana", "Lisa", "Éloïse", "Ninon",
  "Albane", "Garance", "Faustine", "Cléa", "Zélie", "Rachel", "Esther",
  "Naomi", "Alicia", "Andréa", "Angèle", "Marie", "Marie-Lou", "Lou-Anne",
  "Charline", "Coralie", "Élodie", "Yuna", "Ilona", "Manel", "Rania",
  "Malak", "Alya", "Khadija", "Chaïma", "Sana", "Djeneba", "Oumou",
  "Mariama", "Leïla", "Naïla", "Tiphaine", "Sixtine", "Bertille",
  "Domitille", "Ombeline", "Tess", "Candice", "Mélina", "Line", "Anouk",
  "Jasmine", "Kimberley", "Sabrina", "Audrey", "Bianca", "Ana-Maria",
};

static const char * const male_first_names[] = {
  "Gabriel", "Léo", "Raphaël", "Arthur", "Louis", "Jules", "Adam", "Maël",
  "Lucas", "Hugo", "Noah", "Liam", "Gabin", "Sacha", "Paul", "Nathan",
  "Aaron", "Mohamed", "Ethan", "Tom", "Éden", "Léon", "Noé", "Tiago", "Théo",
  "Isaac", "Marius", "Victor", "Ayden", "Martin", "Naël", "Mathis", "Axel",
  "Robin", "Timéo", "Enzo", "Marceau", "Valentin", "Nino", "Eliott", "Nolan",
  "Malo", "Milo", "Antoine", "Samuel", "Augustin", "Amir", "Lyam", "Rayan",
  "Yanis", "Ibrahim", "Gaspard", "Sohan", "Clément", "Baptiste", "Simon",
  "Maxime", "Alexandre", "Mathéo", "Kaïs", "Ilyes", "Imran", "Youssef",
  "Ismaël", "Côme", "Achille", "Félix", "Oscar", "Basile", "Anatole",
  "Célestin", "Edgar", "Jean", "Pierre", "Thomas", "Benjamin", "Romain",
  "Quentin", "Julien", "Nicolas", "Kylian", "Kenzo", "Lenny", "Evan",
  "Bastien", "Corentin", "Florian", "Dylan", "Kévin", "Jordan", "Yann",
  "Erwan", "Gwenaël", "Loïc", "Mathias", "Titouan", "Tristan", "Esteban",
  "Mattéo", "Diego", "Rafael", "Lorenzo", "Luca", "Alessio", "Wassim",
  "Bilal", "Anas", "Hamza", "Souleymane", "Moussa", "Mamadou", "Ousmane",
  "Abdoulaye", "Idriss", "Yacine", "Mehdi", "Karim", "Sami", "Nassim",
  "Ayoub", "Ilyan", "Zakaria", "Elias", "Noam", "Timothée", "Aurélien",
  "Adrien", "Damien", "Guillaume", "Jean-Baptiste", "Pierre-Louis",
  "Hippolyte", "Aymeric", "Thibault", "Grégoire", "Arsène", "Jonas", "Ruben",
  "Gaétan", "Jérémy", "Alexis", "Nathanaël", "Émile", "Auguste", "Joseph",
  "Léandre", "Lohan", "Maxence", "Killian", "Mayeul", "Tanguy", "Ewen",
  "Goulven", "Brieuc", "Mickaël", "Cyprien", "Viktor", "Jakub", "Minh",
};

static const char * const last_names[] = {
  "Martin", "Bernard", "Thomas", "Petit", "Robert", "Richard", "Durand",
  "Dubois", "Moreau", "Laurent", "Simon", "Michel", "Lefèvre", "Leroy",
  "Roux", "David", "Bertrand", "Morel", "Fournier", "Girard", "Bonnet",
  "Dupont", "Lambert", "Fontaine", "Rousseau", "Vincent", "Muller",
  "Lefebvre", "Faure", "André", "Mercier", "Blanc", "Guérin", "Boyer",
  "Garnier", "Chevalier", "François", "Legrand", "Gauthier", "Garcia",
  "Perrin", "Robin", "Clément", "Morin", "Nicolas", "Henry", "Roussel",
  "Mathieu", "Masson", "Marchand", "Duval", "Denis", "Dumont", "Lemaire",
  "Noël", "Meyer", "Dufour", "Meunier", "Brun", "Blanchard", "Giraud",
  "Joly", "Rivière", "Brunet", "Gaillard", "Barbier", "Arnaud", "Martinez",
  "Gérard", "Roche", "Renard", "Schmitt", "Leroux", "Colin", "Vidal",
  "Caron", "Picard", "Fabre", "Aubert", "Lemoine", "Renaud", "Dumas",
  "Lacroix", "Olivier", "Bourgeois", "Benoît", "Leclerc", "Payet", "Rolland",
  "Lecomte", "Lopez", "Dupuis", "Guillot", "Hubert", "Berger", "Carpentier",
  "Sanchez", "Moulin", "Deschamps", "Huet", "Vasseur", "Perez", "Fleury",
  "Royer", "Klein", "Jacquet", "Poirier", "Marty", "Aubry", "Guyot", "Carré",
  "Charpentier", "Ménard", "Maillard", "Baron", "Bailly", "Hervé",
  "Schneider", "Fernandez", "Le Gall", "Léger", "Bouvier", "Prévost",
  "Perrot", "Le Roux", "Germain", "Breton", "Langlois", "Le Goff",
  "Pelletier", "Lévêque", "Lebrun", "Weber", "Hamon", "Boulanger", "Michaud",
  "Grondin", "Hoarau", "Tessier", "Chauvin", "Da Silva", "Lemaître",
  "Bénard", "Maréchal", "Barthélemy", "Delaunay", "Dubœuf", "Nguyen", "Tran",
  "Diallo", "Traoré", "Camara", "N'Diaye", "Diop", "Haddad", "Benali",
  "Bensaïd", "Mansouri", "Belkacem", "Kaya", "Yilmaz", "Dos Santos",
  "Ferreira", "De Oliveira", "Rossi", "Esposito", "Kowalski", "Le Bihan",
  "Kerbrat", "Saint-Martin", "Pham",
};

guint
pb_french_names_get_n_first_names (PbFrenchSex sex)
{
  return sex == PB_FRENCH_SEX_MALE ? G_N_ELEMENTS (male_first_names)
                                   : G_N_ELEMENTS (female_first_names);
}

const char *
pb_french_names_get_first_name (PbFrenchSex sex,
                                guint       position)
{
  g_return_val_if_fail (position < pb_french_names_get_n_first_names (sex), NULL);

  return sex == PB_FRENCH_SEX_MALE ? male_first_names[position]
                                   : female_first_names[position];
}

guint
pb_french_names_get_n_last_names (void)
{
  return G_N_ELEMENTS (last_names);
}

const char *
pb_french_names_get_last_name (guint position)
{
  g_return_val_if_fail (position < G_N_ELEMENTS (last_names), NULL);

  return last_names[position];
}

PbFrenchSex
pb_french_names_pick_sex (GRand *rand)
{
  return g_rand_boolean (rand) ? PB_FRENCH_SEX_FEMALE : PB_FRENCH_SEX_MALE;
}

const char *
pb_french_names_pick_first_name (GRand       *rand,
                                 PbFrenchSex  sex)
{
  guint n = pb_french_names_get_n_first_names (sex);

  return pb_french_names_get_first_name (sex, g_rand_int_range (rand, 0, (gint32) n));
}

const char *
pb_french_names_pick_last_name (GRand *rand)
{
  return last_names[g_rand_int_range (rand, 0, (gint32) G_N_ELEMENTS (last_names))];
}

/**
 * pb_french_names_pick:
 *
 * Draws a sex, then a first name for it, then a last name, always in this
 * order and three draws from @rand, so that what a caller draws next does
 * not depend on the name picked.
 */
void
pb_french_names_pick (GRand        *rand,
                      PbFrenchName *name)
{
  name->sex = pb_french_names_pick_sex (rand);
  name->first_name = pb_french_names_pick_first_name (rand, name->sex);
  name->last_name = pb_french_names_pick_last_name (rand);
}
