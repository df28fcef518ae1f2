from django.db import models
from django.utils.translation import gettext_lazy as _

from core.text import fold


class Gender(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")


class Status(models.TextChoices):
    PROBATIONARY = "probationary", _("Probationary member")
    FULL = "full", _("Full member")
    TRANSFERRED_OUT = "transferred_out", _("Transferred out")
    DECEASED = "deceased", _("Deceased")
    STRUCK_OFF = "struck_off", _("Struck off")
    EXPELLED = "expelled", _("Expelled")
    LEFT = "left", _("Left the Party")


ACTIVE_STATUSES = (Status.PROBATIONARY, Status.FULL)
# how a membership is lost, as the statistics count losses by reason (a transfer away is not one)
LOSS_STATUSES = (Status.DECEASED, Status.EXPELLED, Status.STRUCK_OFF, Status.LEFT)


class TransferKind(models.TextChoices):
    PERMANENT = "permanent", _("Permanent")
    TEMPORARY = "temporary", _("Temporary")


# The 54 ethnic groups of Viet Nam (General Statistics Office list) and "other".
# Their names are proper nouns: shown as written, not translated.
ETHNICITIES = [
    "Kinh", "Tày", "Thái", "Mường", "Khmer", "Hoa", "Nùng", "Mông", "Dao", "Gia Rai",
    "Ê Đê", "Ba Na", "Xơ Đăng", "Sán Chay", "Cơ Ho", "Chăm", "Sán Dìu", "Hrê", "Ra Glai",
    "Mnông", "Thổ", "Xtiêng", "Khơ Mú", "Bru - Vân Kiều", "Cơ Tu", "Giáy", "Tà Ôi", "Mạ",
    "Giẻ Triêng", "Co", "Chơ Ro", "Xinh Mun", "Hà Nhì", "Chu Ru", "Lào", "La Chí", "Kháng",
    "Phù Lá", "La Hủ", "La Ha", "Pà Thẻn", "Lự", "Ngái", "Chứt", "Lô Lô", "Mảng", "Cờ Lao",
    "Bố Y", "Cống", "Si La", "Pu Péo", "Rơ Măm", "Brâu", "Ơ Đu",
]


def _ethnicity_code(name: str) -> str:
    return fold(name).replace(" - ", "_").replace(" ", "_")


ETHNICITY_CHOICES = [(_ethnicity_code(n), n) for n in ETHNICITIES] + [("other", _("Other / foreign origin"))]


class Religion(models.TextChoices):
    NONE = "none", _("None")
    BUDDHISM = "buddhism", _("Buddhism")
    CATHOLICISM = "catholicism", _("Catholicism")
    PROTESTANTISM = "protestantism", _("Protestantism")
    CAO_DAI = "cao_dai", _("Cao Dai")
    HOA_HAO = "hoa_hao", _("Hoa Hao Buddhism")
    ISLAM = "islam", _("Islam")
    OTHER = "other", _("Other")


class Education(models.TextChoices):
    UPPER_SECONDARY = "12/12", _("Upper secondary (12/12)")
    LOWER_SECONDARY = "9/12", _("Lower secondary (9/12)")
    PRIMARY = "5/12", _("Primary (5/12)")
    OLD_SYSTEM = "10/10", _("Upper secondary, old system (10/10)")


class Qualification(models.TextChoices):
    NONE = "none", _("None")
    VOCATIONAL = "vocational", _("Vocational")
    INTERMEDIATE = "intermediate", _("Intermediate")
    COLLEGE = "college", _("College")
    BACHELOR = "bachelor", _("Bachelor")
    MASTER = "master", _("Master")
    DOCTORATE = "doctorate", _("Doctorate")


class TheoryLevel(models.TextChoices):
    NONE = "none", _("None")
    ELEMENTARY = "elementary", _("Elementary")
    INTERMEDIATE = "intermediate", _("Intermediate")
    ADVANCED = "advanced", _("Advanced")
    BACHELOR = "bachelor", _("Bachelor of political theory")


# Age bands of the basic statistics forms (HD 11-HD/BTCTW), shown on the dashboard and offered
# as a list filter: (code, label, min age, max age)
AGE_BANDS = [
    ("le30", _("30 and under"), 0, 30),
    ("31_40", _("31 to 40"), 31, 40),
    ("41_50", _("41 to 50"), 41, 50),
    ("51_60", _("51 to 60"), 51, 60),
    ("gt60", _("Over 60"), 61, 200),
]
