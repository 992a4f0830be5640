//! The closed vocabularies of the diagnostic, stored as short stable codes.
//!
//! The codes are part of the file format: they travel in session files between versions of
//! the app, so a code is never renamed; French labels belong to the UI.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

macro_rules! coded_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $code:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
        #[ts(export)]
        pub enum $name {
            $(#[serde(rename = $code)] $variant),+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            pub fn from_code(code: &str) -> Option<Self> {
                match code { $($code => Some($name::$variant),)+ _ => None }
            }
        }
    };
}

coded_enum! {
    /// Territorial (one sector of the metropolis) or thematic (one subject).
    WorkshopKind { Territorial = "territorial", Thematic = "thematic" }
}

coded_enum! {
    /// The type of structure a participant or organisation belongs to; also the default,
    /// anonymous attribution of a contribution.
    StructureType {
        Association = "association",
        Cooperative = "cooperative",
        Mutual = "mutuelle",
        Foundation = "fondation",
        Company = "entreprise",
        LocalAuthority = "collectivite",
        Resident = "habitant",
        Other = "autre",
    }
}

coded_enum! {
    /// The role a participant speaks from.
    ParticipantRole {
        ElectedOfficial = "elu",
        Officer = "technicien",
        SseActor = "acteur_ess",
        Citizen = "citoyen",
    }
}

impl StructureType {
    /// The French label, for outputs produced by the engine itself (room view, reports).
    pub fn label_fr(self) -> &'static str {
        match self {
            StructureType::Association => "Association",
            StructureType::Cooperative => "Coopérative",
            StructureType::Mutual => "Mutuelle",
            StructureType::Foundation => "Fondation",
            StructureType::Company => "Entreprise",
            StructureType::LocalAuthority => "Collectivité",
            StructureType::Resident => "Habitant·e",
            StructureType::Other => "Autre",
        }
    }
}

impl ParticipantRole {
    /// The French label, for outputs produced by the engine itself.
    pub fn label_fr(self) -> &'static str {
        match self {
            ParticipantRole::ElectedOfficial => "Élu·e",
            ParticipantRole::Officer => "Technicien·ne",
            ParticipantRole::SseActor => "Acteur·rice ESS",
            ParticipantRole::Citizen => "Citoyen·ne",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_reads_back_as_its_variant() {
        for kind in StructureType::ALL {
            assert_eq!(StructureType::from_code(kind.code()), Some(*kind), "codes must round-trip");
        }
        for role in ParticipantRole::ALL {
            assert_eq!(ParticipantRole::from_code(role.code()), Some(*role), "codes must round-trip");
        }
        assert_eq!(WorkshopKind::from_code("thematic"), Some(WorkshopKind::Thematic));
        assert_eq!(WorkshopKind::from_code("Thematic"), None, "codes are exact, not case-folded");
    }

    #[test]
    fn serde_uses_the_stored_codes() {
        let json = serde_json::to_string(&StructureType::LocalAuthority).unwrap();
        assert_eq!(json, "\"collectivite\"", "the UI receives the same code the file stores");
    }
}
