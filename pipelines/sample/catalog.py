"""Reference content of the sample city: Vietnamese names, positions, criteria, awards
(the ward plan's measures are core/indicators.py)."""

from __future__ import annotations

GROUPS = {
    "I": "I. Chỉ tiêu kinh tế",
    "II": "II. Chỉ tiêu văn hóa - xã hội",
    "III": "III. Cải cách hành chính, chuyển đổi số",
    "IV": "IV. Quốc phòng - an ninh",
}

WARD_NAMES = [
    "Thành Đông",
    "Tân Hưng",
    "Hòa Bình",
    "An Phú",
    "Quang Trung",
    "Trần Phú",
    "Lê Lợi",
    "Nguyễn Trãi",
    "Hồng Hà",
    "Bình Minh",
    "Tân An",
    "Việt Hòa",
    "Thạch Khôi",
    "Tứ Minh",
    "Ái Quốc",
    "Nam Đồng",
    "Thanh Bình",
    "Cẩm Thượng",
    "Hải Tân",
    "Ngọc Châu",
    "Tân Bình",
    "Liên Hồng",
    "Phú Lợi",
    "Đồng Tâm",
    "Hưng Đạo",
    "Kim Lương",
    "Minh Khai",
    "Phạm Ngũ Lão",
    "Quyết Thắng",
    "Trường Xuân",
    "Xuân Phương",
    "Yên Thế",
    "Đức Giang",
    "Long Biên",
    "Gia Thụy",
    "Phúc Lợi",
    "Bồ Đề",
    "Thượng Thanh",
    "Việt Hưng",
    "Cự Khối",
]
SURNAMES = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Vũ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Ngô",
    "Dương",
    "Lý",
]
MIDDLE_MALE = ["Văn", "Đức", "Minh", "Quang", "Hữu", "Thành", "Xuân"]
MIDDLE_FEMALE = ["Thị", "Ngọc", "Thu", "Thanh", "Hồng", "Phương", "Kim"]
GIVEN_MALE = [
    "An",
    "Bình",
    "Cường",
    "Dũng",
    "Hùng",
    "Khoa",
    "Long",
    "Nam",
    "Phúc",
    "Quân",
    "Sơn",
    "Tuấn",
]
GIVEN_FEMALE = [
    "Anh",
    "Chi",
    "Dung",
    "Hà",
    "Hương",
    "Lan",
    "Mai",
    "Nga",
    "Quế",
    "Thảo",
    "Trang",
    "Yến",
]
POSITIONS = [
    "Chủ tịch UBND",
    "Phó Chủ tịch UBND",
    "Công chức Văn phòng - Thống kê",
    "Công chức Tư pháp - Hộ tịch",
    "Công chức Địa chính",
    "Giáo viên",
    "Trưởng trạm y tế",
    "Tổ trưởng tổ dân phố",
    "Bí thư chi bộ",
]
SCHOOL_POSITIONS = [
    "Hiệu trưởng",
    "Phó Hiệu trưởng",
    "Tổ trưởng chuyên môn",
    "Giáo viên",
    "Nhân viên văn thư",
]

# Criteria of a city block covenant: the plan's three themes (DOMAIN.md section 3).
CRITERIA = [
    ("TC01", "Thực hiện các chỉ tiêu kinh tế - xã hội được giao", "Nhiệm vụ chính trị", 30),
    ("TC02", "Thực hiện 13 chỉ tiêu chủ yếu của Nghị quyết", "Nhiệm vụ chính trị", 20),
    (
        "TC03",
        "Cải cách hành chính, chuyển đổi số (Nghị quyết 57-NQ/TW, Đề án 06)",
        "Cải cách hành chính",
        20,
    ),
    ("TC04", "Xây dựng chính quyền, đội ngũ cán bộ, công chức", "Xây dựng chính quyền", 15),
    (
        "TC05",
        "Công tác thi đua, khen thưởng và nhân rộng điển hình tiên tiến",
        "Thi đua khen thưởng",
        15,
    ),
]

AWARDS_PROPOSED = [
    ("Lao động tiên tiến", "Cá nhân"),
    ("Chiến sĩ thi đua cơ sở", "Cá nhân"),
    ("Giấy khen", "Cá nhân"),
    ("Chiến sĩ thi đua cấp tỉnh", "Cá nhân"),
    ("Tập thể lao động tiên tiến", "Tập thể"),
    ("Giấy khen", "Hộ gia đình"),
]
