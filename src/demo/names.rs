//! Names, trades and places of the demo's members, from each organisation's country.

/// The people of one country: names are drawn in a fixed order, so every demo is the same.
pub struct People {
    pub given: &'static [&'static str],
    pub family: &'static [&'static str],
    pub trades: &'static [&'static str],
    pub places: &'static [&'static str],
}

impl People {
    /// The n-th person's name (from 1); no two of the first few hundred are the same.
    pub fn name(&self, n: usize) -> String {
        let g = self.given[(n - 1) % self.given.len()];
        let f = self.family[((n - 1) * 7 + (n - 1) / self.given.len()) % self.family.len()];
        format!("{g} {f}")
    }
    pub fn trade(&self, n: usize) -> &'static str {
        self.trades[(n * 3) % self.trades.len()]
    }
    pub fn locality(&self, n: usize) -> &'static str {
        self.places[(n * 5) % self.places.len()]
    }
}

pub static INDIA: People = People {
    given: &[
        "Hansaben", "Kokilaben", "Jashodaben", "Manjulaben", "Savitaben", "Ramilaben", "Geetaben", "Minaxiben",
        "Sharadaben", "Kailashben", "Nirmalaben", "Bhavnaben", "Rekhaben", "Varshaben", "Dakshaben", "Pushpaben",
        "Jyotsnaben", "Hemlataben", "Kantaben", "Shantaben", "Lataben", "Ushaben", "Taraben", "Nayanaben",
        "Rasilaben", "Kamlaben", "Parvatiben", "Sonalben", "Madhuben", "Farzanaben", "Rukhsanaben", "Shabanaben",
    ],
    family: &[
        "Patel", "Parmar", "Solanki", "Makwana", "Chauhan", "Rathod", "Vaghela", "Prajapati", "Shaikh", "Pathan",
        "Desai", "Joshi", "Vasava", "Thakor", "Mistry", "Darji", "Panchal", "Qureshi", "Rana", "Bhatt", "Mansuri",
    ],
    trades: &["સિલાઈ કામ", "ભરતકામ", "કટિંગ", "બટન અને હુક", "ઇસ્ત્રી અને પેકિંગ"],
    places: &["Jamalpur", "Gomtipur", "Behrampura", "Vasna", "Danilimda", "Saraspur", "Bapunagar", "Juhapura", "Rakhial"],
};

pub static PHILIPPINES: People = People {
    given: &[
        "Maria", "Josefina", "Rosario", "Lourdes", "Teresita", "Erlinda", "Marites", "Corazon", "Nenita", "Gloria",
        "Editha", "Rowena", "Marilou", "Analyn", "Jocelyn", "Rosalinda", "Evangeline", "Milagros", "Imelda",
        "Cristina", "Ligaya", "Perla", "Susana", "Leonora", "Divina", "Remedios", "Luzviminda",
    ],
    family: &[
        "Santos", "Reyes", "Cruz", "Bautista", "Ocampo", "Garcia", "Mendoza", "Villanueva", "Dela Cruz", "Aquino",
        "Ramos", "Castillo", "Navarro", "Francisco", "Pascual", "Rivera", "Mercado", "Tolentino", "Manalo",
    ],
    trades: &["panaderya", "basahan at doormat", "homecare", "pagkain", "pananahi", "gulayan sa lungsod"],
    places: &["San Isidro, Angono", "San Vicente, Angono", "Kalayaan, Angono", "Mahabang Parang, Angono", "Bagumbayan, Angono", "San Roque, Angono"],
};

pub static ETHIOPIA: People = People {
    given: &[
        "Tadelech", "Aster", "Almaz", "Meseret", "Tigist", "Genet", "Hirut", "Mulu", "Selamawit", "Birtukan",
        "Yeshi", "Zenebech", "Abebech", "Worknesh", "Tsehay", "Alemitu", "Etenesh", "Kidist", "Mekdes", "Hana",
        "Frehiwot", "Emebet", "Azeb", "Misrak", "Bizunesh",
    ],
    family: &[
        "Tesfaye", "Bekele", "Girma", "Haile", "Alemu", "Kebede", "Mengistu", "Tadesse", "Desta", "Abebe", "Negash",
        "Worku", "Gebre", "Asfaw", "Demissie", "Lemma", "Wolde", "Mulugeta", "Tsegaye",
    ],
    trades: &["የንጽህና መጠበቂያ ስፌት", "ዳይፐር ስፌት", "ቁርጥ", "ሽያጭ"],
    places: &["Kolfe Keranio", "Addis Ketema", "Lideta", "Arada", "Yeka", "Gulele", "Kirkos"],
};

pub static BRAZIL: People = People {
    given: &[
        "Francisca", "Antônia", "Raimunda", "Josefa", "Luzia", "Rosângela", "Cláudia", "Sandra", "Márcia",
        "Aparecida", "Vera Lúcia", "Conceição", "Fátima", "Marlene", "Ivone", "Neide", "Solange", "Terezinha",
        "Benedita", "Socorro", "Jussara", "Eliane", "Regina", "Maria José", "Edna",
    ],
    family: &[
        "Silva", "Santos", "Oliveira", "Souza", "Lima", "Pereira", "Ferreira", "Almeida", "Costa", "Rodrigues",
        "Gomes", "Nascimento", "Araújo", "Barbosa", "Ribeiro", "Carvalho", "Cavalcanti", "Moura", "Batista",
    ],
    trades: &["costura", "artesanato", "alimentos", "crochê", "bordado", "sabonetes"],
    places: &["Vila Nova", "Centro", "Jardim América", "Boa Vista", "São José", "Santa Luzia", "Alto do Mandu"],
};

pub static NETWORK: People = People {
    given: &[
        "Nandini", "Rosa", "Amina", "Lilian", "Chandra", "Marlene", "Zodwa", "Fatima", "Siew Mei", "Grace",
        "Ana Lucía", "Kalpana", "Bongi", "Yuliana", "Nomvula", "Sunita", "Esperanza", "Wanjiru",
    ],
    family: &[
        "Mokoena", "Achieng", "Rahman", "Sithole", "Gómez", "Wijesinghe", "Nkosi", "Lim", "Otieno", "Hernández",
        "Kaur", "Dlamini", "Mwangi", "Bhattarai", "Quispe",
    ],
    trades: &["coordination", "organising", "communications", "policy", "finance", "training"],
    places: &["Durban", "Kathmandu", "Nairobi", "Bogotá", "Lahore", "Bangkok", "Dhaka", "Lima"],
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_sixty_names_of_each_country_are_distinct() {
        for people in [&INDIA, &PHILIPPINES, &ETHIOPIA, &BRAZIL, &NETWORK] {
            let names: std::collections::HashSet<String> = (1..=60).map(|n| people.name(n)).collect();
            assert_eq!(names.len(), 60);
        }
    }
}
